import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BusinessesModule } from '@chat/businesses';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { MediaLinksModule } from '@chat/media';
import { MessagingModule } from '@chat/messaging';
import { AccountErasure } from './account-erasure';
import { DeleteAccountHandler } from './delete-account.handler';

/**
 * The deletion of an account (`DELETE /v1/me`'s handler) and AccountErasure, the sweeper that
 * erases deleted accounts' messages: where commands run (all-in-one, the command app), beside
 * PrivacyModule's routes. The query app serves the export only: a sweeper there would do the
 * command side's writes from the read side.
 */
@Module({
  imports: [CqrsModule, IdentityModule, ConversationsModule, MessagingModule, BusinessesModule, MediaLinksModule],
  providers: [DeleteAccountHandler, AccountErasure],
})
export class AccountDeletionModule {}
