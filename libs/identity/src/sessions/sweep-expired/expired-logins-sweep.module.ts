import { Module } from '@nestjs/common';
import { ExpiredLoginsRepository } from './expired-logins.repository';
import { ExpiredLoginsSweep } from './expired-logins.sweep';

/** The hourly sweep of expired tickets, refresh tokens and ended logins; only in the apps that own identity's writes (command, all-in-one). */
@Module({
  providers: [ExpiredLoginsRepository, ExpiredLoginsSweep],
  exports: [ExpiredLoginsSweep],
})
export class ExpiredLoginsSweepModule {}
