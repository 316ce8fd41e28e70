import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { IdentityModule } from '@chat/identity';
import { MediaLinksModule } from '@chat/media';
import { BanMemberHandler } from './ban-member/ban-member.handler';
import { LiftBanHandler } from './lift-ban/lift-ban.handler';
import { ListBansHandler } from './list-bans/list-bans.handler';
import { ModerationLogHandler } from './moderation-log/moderation-log.handler';
import { ModerationController } from './moderation/moderation.controller';
import { ModerationRepository } from './moderation/moderation.repository';
import { ReportsController } from './moderation/reports.controller';
import { ReportsRepository } from './moderation/reports.repository';
import { ListReportsHandler } from './list-reports/list-reports.handler';
import { ReportMessageHandler } from './report-message/report-message.handler';
import { ResolveReportHandler } from './resolve-report/resolve-report.handler';
import { AddMemberHandler } from './add-member/add-member.handler';
import { ChangeMemberRoleHandler } from './change-member-role/change-member-role.handler';
import { ConversationsController } from './conversations.controller';
import { CreateConversationHandler } from './create-conversation/create-conversation.handler';
import { DeviceKeys } from './e2ee/device-keys';
import { DeviceRetirement } from './e2ee/device-retirement';
import { DeviceUnlinking } from './e2ee/device-unlinking';
import { E2eeController } from './e2ee/e2ee.controller';
import { E2eeKeysRepository } from './e2ee/e2ee-keys.repository';
import { KeyDistribution } from './e2ee/key-distribution';
import { DefaultChannels } from './default-channels/default-channels';
import { DeleteConversationHandler } from './delete-conversation/delete-conversation.handler';
import { GetConversationHandler } from './get-conversation/get-conversation.handler';
import { JoinConversationHandler } from './join-conversation/join-conversation.handler';
import { SelfJoin } from './join-conversation/self-join';
import { AccountMemberships } from './leave-all/account-memberships';
import { LeaveConversationHandler } from './leave-conversation/leave-conversation.handler';
import { ListConversationsHandler } from './list-conversations/list-conversations.handler';
import { ListPublicChannelsHandler } from './list-public-channels/list-public-channels.handler';
import { ListReadPointersHandler } from './list-read-pointers/list-read-pointers.handler';
import { MemberPointers } from './list-read-pointers/member-pointers';
import { MarkReadHandler } from './mark-read/mark-read.handler';
import { DeliveryPointerWriter } from './mark-delivered/delivery-pointer-writer';
import { DeliveryPointersRepository } from './mark-delivered/delivery-pointers.repository';
import { MarkDeliveredHandler } from './mark-delivered/mark-delivered.handler';
import { ReadBarrier } from './read-model/read-barrier';
import { ReadModelRepository } from './read-model/read-model.repository';
import { RemoveMemberHandler } from './remove-member/remove-member.handler';
import { SetFavouriteHandler } from './set-favourite/set-favourite.handler';
import { SetMuteHandler } from './set-mute/set-mute.handler';
import { SetConversationStatusHandler } from './set-conversation-status/set-conversation-status.handler';
import { ConversationAccess } from './shared/conversation-access';
import { ConversationFounding } from './shared/conversation-founding';
import { ConversationsRepository } from './shared/conversations.repository';
import { PresenceReader } from './shared/presence-reader';
import { ReceiptAdmission } from './shared/receipt-admission';
import { SyncChangesHandler } from './sync-changes/sync-changes.handler';
import { SyncController } from './sync-changes/sync.controller';
import { UpdateConversationHandler } from './update-conversation/update-conversation.handler';

const HANDLERS = [
  CreateConversationHandler,
  GetConversationHandler,
  ListConversationsHandler,
  ListPublicChannelsHandler,
  UpdateConversationHandler,
  DeleteConversationHandler,
  JoinConversationHandler,
  LeaveConversationHandler,
  AddMemberHandler,
  RemoveMemberHandler,
  ChangeMemberRoleHandler,
  MarkReadHandler,
  MarkDeliveredHandler,
  SetMuteHandler,
  SetConversationStatusHandler,
  SetFavouriteHandler,
  ListReadPointersHandler,
  SyncChangesHandler,
  BanMemberHandler,
  LiftBanHandler,
  ListBansHandler,
  ModerationLogHandler,
  ReportMessageHandler,
  ListReportsHandler,
  ResolveReportHandler,
];

@Module({
  imports: [CqrsModule, IdentityModule, MediaLinksModule, AuditModule],
  controllers: [ConversationsController, SyncController, ModerationController, ReportsController, E2eeController],
  providers: [...HANDLERS, ConversationsRepository, ConversationAccess, PresenceReader, ReadBarrier, ReadModelRepository, ModerationRepository, ReportsRepository, AccountMemberships, E2eeKeysRepository, DeviceKeys, DeviceRetirement, DeviceUnlinking, KeyDistribution, DeliveryPointerWriter, DeliveryPointersRepository, MemberPointers, ReceiptAdmission, SelfJoin, ConversationFounding, DefaultChannels],
  // Messaging logs deletions of other people's messages in the moderation log.
  exports: [ConversationAccess, ConversationsRepository, MemberPointers, ModerationRepository, ReportsRepository, PresenceReader, AccountMemberships],
})
export class ConversationsModule {}
