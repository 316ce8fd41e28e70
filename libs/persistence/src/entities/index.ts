import { AuditLogEntity } from './audit-log.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { BusinessAgentEntity, BusinessConversationEntity, BusinessEntity } from './business.entities';
import { ConsumerDeadLetterEntity } from './consumer-dead-letter.entity';
import { ConversationMemberEntity } from './conversation-member.entity';
import { ConversationEntity } from './conversation.entity';
import { ConversationKeyEnvelopeEntity, E2eeDeviceKeyEntity, E2eeKeyBackupEntity } from './e2ee.entities';
import { MediaEntity, MessageMediaEntity } from './media.entity';
import { MediaUploadEntity } from './media-upload.entity';
import { MediaQuarantineEntity } from './media-quarantine.entity';
import { MessagePinEntity } from './message-pin.entity';
import { MessageReactionEntity } from './message-reaction.entity';
import { MessageEntity } from './message.entity';
import { ConversationBanEntity, MessageReportEntity, ModerationLogEntity } from './moderation.entities';
import { NotificationQueueEntity, NotificationSettingsEntity, PushSubscriptionEntity } from './notification.entities';
import { OutboxEntity } from './outbox.entity';
import { RmChangeEntity, RmChangeLogHorizonEntity, RmConversationEntity, RmEventPositionEntity, RmInboxEntity, RmMemberEntity, RmMetaEntity } from './read-model.entities';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SearchMessageEntity } from './search-message.entity';
import { TenantEntity } from './tenant.entity';
import { TenantCostDriftEntity, TenantUsageDailyEntity } from './tenant-usage.entities';
import { UserEntity } from './user.entity';
import { UserBlockEntity } from './user-block.entity';
import { WsTicketEntity } from './ws-ticket.entity';

export { AuthSessionEntity, ConversationEntity, ConversationMemberEntity, MessageEntity, OutboxEntity, RefreshTokenEntity, TenantEntity, UserEntity, WsTicketEntity };
export { MessagePinEntity, MessageReactionEntity, RmChangeEntity, RmChangeLogHorizonEntity, RmConversationEntity, RmEventPositionEntity, RmInboxEntity, RmMemberEntity, RmMetaEntity };
export { MediaEntity, MediaQuarantineEntity, MediaUploadEntity, MessageMediaEntity };
export { SearchMessageEntity };
export { NotificationQueueEntity, NotificationSettingsEntity, PushSubscriptionEntity };
export { ConversationBanEntity, MessageReportEntity, ModerationLogEntity };
export { AuditLogEntity };
export { BusinessAgentEntity, BusinessConversationEntity, BusinessEntity };
export { TenantCostDriftEntity, TenantUsageDailyEntity };
export { ConversationKeyEnvelopeEntity, E2eeDeviceKeyEntity, E2eeKeyBackupEntity };
export { ConsumerDeadLetterEntity };
export { UserBlockEntity };
export type { ConversationClientRequest } from './conversation.entity';

export const ENTITIES = [
  TenantEntity,
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  WsTicketEntity,
  ConversationEntity,
  ConversationMemberEntity,
  MessageEntity,
  OutboxEntity,
  MessageReactionEntity,
  MessagePinEntity,
  MediaEntity,
  MediaUploadEntity,
  MediaQuarantineEntity,
  MessageMediaEntity,
  RmConversationEntity,
  RmMemberEntity,
  RmChangeEntity,
  RmInboxEntity,
  RmEventPositionEntity,
  RmMetaEntity,
  RmChangeLogHorizonEntity,
  SearchMessageEntity,
  NotificationSettingsEntity,
  PushSubscriptionEntity,
  NotificationQueueEntity,
  ConversationBanEntity,
  ModerationLogEntity,
  MessageReportEntity,
  AuditLogEntity,
  BusinessEntity,
  BusinessAgentEntity,
  BusinessConversationEntity,
  TenantUsageDailyEntity,
  TenantCostDriftEntity,
  E2eeDeviceKeyEntity,
  ConversationKeyEnvelopeEntity,
  E2eeKeyBackupEntity,
  ConsumerDeadLetterEntity,
  UserBlockEntity,
];
