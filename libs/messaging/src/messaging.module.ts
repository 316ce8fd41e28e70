import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { MediaLinksModule } from '@chat/media';
import { TenantQuotasModule } from '@chat/tenancy';
import { ChangeReactionHandler } from './change-reaction/change-reaction.handler';
import { DeleteMessageHandler } from './delete-message/delete-message.handler';
import { EditMessageHandler } from './edit-message/edit-message.handler';
import { GetHistoryHandler } from './get-history/get-history.handler';
import { AccountMessagesEraser } from './erase-messages/account-messages-eraser';
import { MessageReceiptsHandler } from './message-receipts/message-receipts.handler';
import { MessagesController } from './messages.controller';
import { ChangePinHandler } from './pins/change-pin.handler';
import { ListPinsHandler } from './pins/list-pins.handler';
import { PinnedMessages } from './pins/pinned-messages';
import { PinsController } from './pins/pins.controller';
import { PinsRepository } from './pins/pins.repository';
import { UnreadMentionsController } from './unread-mentions/unread-mentions.controller';
import { UnreadMentionsHandler } from './unread-mentions/unread-mentions.handler';
import { SendMessageHandler } from './send-message/send-message.handler';
import { SendBatcher } from './send-message/send-batcher';
import { SendRateLimits } from './send-message/send-rate-limits';
import { SendRefusal } from './send-message/send-refusal';
import { DirectContact } from './shared/direct-contact';
import { MessageAccess } from './shared/message-access';
import { MessageQuotes } from './shared/message-quotes';
import { MessagesRepository } from './shared/messages.repository';
import { Tombstones } from './shared/tombstones';
import { ContentPolicy } from './content-policy/content-policy';

@Module({
  imports: [CqrsModule, IdentityModule, ConversationsModule, MediaLinksModule, AuditModule, TenantQuotasModule],
  controllers: [MessagesController, PinsController, UnreadMentionsController],
  providers: [SendMessageHandler, SendBatcher, SendRateLimits, SendRefusal, GetHistoryHandler, MessageReceiptsHandler, EditMessageHandler, DeleteMessageHandler, ChangeReactionHandler, ChangePinHandler, ListPinsHandler, UnreadMentionsHandler, PinsRepository, PinnedMessages, MessagesRepository, MessageQuotes, MessageAccess, DirectContact, Tombstones, AccountMessagesEraser, ContentPolicy],
  // Search hydrates its hits through the same repository, quotes and mapper as history; account deletion erases through the eraser.
  exports: [MessagesRepository, MessageQuotes, AccountMessagesEraser, Tombstones],
})
export class MessagingModule {}
