import { Module } from '@nestjs/common';
import { EmailChannel } from './email.channel';

/** One SMTP pool per process for both sides: the dispatcher's notification mail and the settings' verification codes. */
@Module({ providers: [EmailChannel], exports: [EmailChannel] })
export class EmailModule {}
