import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging.module';
import { MessageRetention } from './message-retention';

/** The message retention policy's hourly pass: where commands run (all-in-one, the command app). */
@Module({
  imports: [MessagingModule],
  providers: [MessageRetention],
  exports: [MessageRetention],
})
export class MessageRetentionModule {}
