import type { Conversation, MemberRole } from './conversations';
import type { FeatureKey } from './features';
import type { QuarantinedMedia } from './media';
import type { Message } from './messages';
import type { MessageReport } from './moderation';

/**
 * Domain events as they travel through the outbox and the bus. Wire names are versioned:
 * a breaking payload change gets a new name, never an edit of the old one.
 */
export const EventName = {
  MessageSent: 'chat.message.sent.v1',
  ConversationCreated: 'chat.conversation.created.v1',
  ConversationUpdated: 'chat.conversation.updated.v1',
  ConversationDeleted: 'chat.conversation.deleted.v1',
  MemberJoined: 'chat.member.joined.v1',
  MemberLeft: 'chat.member.left.v1',
  MemberRoleChanged: 'chat.member.role-changed.v1',
  MessageEdited: 'chat.message.edited.v1',
  MessageDeleted: 'chat.message.deleted.v1',
  ReactionChanged: 'chat.reaction.changed.v1',
  PinChanged: 'chat.pin.changed.v1',
  ReadAdvanced: 'chat.read.advanced.v1',
  DeliveryAdvanced: 'chat.delivery.advanced.v1',
  MemberMuted: 'chat.member.muted.v1',
  MemberFavourited: 'chat.member.favourited.v1',
  AccountBanned: 'chat.account.banned.v1',
  AccountDeleted: 'chat.account.deleted.v1',
  SessionRevoked: 'chat.session.revoked.v1',
  BusinessOwnerChanged: 'chat.business.owner-changed.v1',
  BusinessConversationWaiting: 'chat.business.conversation-waiting.v1',
  MessageReported: 'chat.message.reported.v1',
  UserRenamed: 'chat.user.renamed.v1',
  UserBlocked: 'chat.user.blocked.v1',
  MessagePolicyRefused: 'chat.message.policy-refused.v1',
  FeatureFlagChanged: 'chat.feature.changed.v1',
  MediaQuarantined: 'chat.media.quarantined.v1',
} as const;
export type EventName = (typeof EventName)[keyof typeof EventName];

/** The aggregate an event belongs to: it picks the topic; the aggregate id is the partition key. */
export type AggregateType = 'conversation' | 'user';

export interface MessageSentPayload {
  message: Message;
}
export interface ConversationChangedPayload {
  conversation: Conversation;
  memberIds: string[];
}
export interface ConversationDeletedPayload {
  conversationId: string;
  memberIds: string[];
  /** Who deleted it (absent on events written before it was added). */
  deletedBy?: string;
}
export interface MemberChangedPayload {
  conversationId: string;
  userId: string;
  role: MemberRole | null;
  actorId: string;
  reason: 'joined' | 'invited' | 'left' | 'removed' | 'banned' | 'role-changed' | 'created' | 'assigned' | 'reassigned';
  /** For joins: where the member's read pointer starts (the conversation's last seq at the join). */
  lastReadSeq?: number;
}
/** The message after the edit (version moved up). */
export interface MessageEditedPayload {
  message: Message;
}
/** The tombstone: seq kept, body and attachments gone. */
export interface MessageDeletedPayload {
  message: Message;
  /** Null when the retention policy (MESSAGE_RETENTION_DAYS) deleted it. */
  deletedBy: string | null;
}
export interface ReactionChangedPayload {
  conversationId: string;
  messageId: string;
  seq: number;
  userId: string;
  emoji: string;
  added: boolean;
  /** Every emoji's count on the message after this change. */
  reactions: Record<string, number>;
}
/** A message was pinned to its conversation (`pinned`) or unpinned, by `userId`; only a real change. */
export interface PinChangedPayload {
  conversationId: string;
  messageId: string;
  seq: number;
  userId: string;
  pinned: boolean;
}
export interface ReadAdvancedPayload {
  conversationId: string;
  userId: string;
  seq: number;
}
/** Delivery pointers of one conversation that one write moved (see DeliveredFrame): `seq` is each member's new pointer. */
export interface DeliveryAdvancedPayload {
  conversationId: string;
  pointers: { userId: string; seq: number }[];
  /**
   * Who sent the messages the moved pointers newly cover (within the last
   * DELIVERY_RECEIPTS_FRAME_LOOKBACK of each): the frame goes to their devices. Absent in events
   * written before it existed, whose frame goes to the whole conversation.
   */
  senderIds?: string[];
}
export interface MemberMutedPayload {
  conversationId: string;
  userId: string;
  muted: boolean;
}
export interface MemberFavouritedPayload {
  conversationId: string;
  userId: string;
  favourite: boolean;
}

/** A tenant administrator banned an account: its logins are revoked and its sockets must close. */
export interface AccountBannedPayload {
  userId: string;
  /** ISO-8601; null for a ban until lifted. */
  until: string | null;
}

/** The account was deleted by its holder: its logins are revoked and its sockets must close. */
export interface AccountDeletedPayload {
  userId: string;
}

/** A login ended (logout, revoked from another device, a reused refresh token): its sockets must close. */
export interface SessionRevokedPayload {
  userId: string;
  sessionId: string;
}

/**
 * A business's owner changed without them handing it over: their account was deleted, so the
 * longest-standing agent owns it now, or, with no agent, it is closed (`ownerId` null).
 */
export interface BusinessOwnerChangedPayload {
  businessId: string;
  previousOwnerId: string;
  /** Null: the business is closed (no new conversations; existing ones stay readable). */
  ownerId: string | null;
}

/**
 * A business conversation waits in the inbox with no agent (it arrived outside the hours or with no
 * agent, or its agent was removed with nobody to take it): the business's agents and owner at that
 * moment (`agentIds`) are told, so someone can claim it.
 */
export interface BusinessConversationWaitingPayload {
  businessId: string;
  conversationId: string;
  customerId: string;
  agentIds: string[];
}

/** The malware scan refused an upload, now held in quarantine; the tenant's administrators at that moment are told. */
export interface MediaQuarantinedPayload {
  quarantined: QuarantinedMedia;
  adminIds: string[];
}

/** A member reported a message; the conversation's owners and admins at that moment are told. */
export interface MessageReportedPayload {
  report: MessageReport;
  moderatorIds: string[];
}

/**
 * A user's display name or avatar changed (`PATCH /v1/me`, or a profile fetched from the main
 * service, profiles.ts); the rooms of their conversations and their own devices are told. The wire
 * name stays `renamed` for the consumers that know it.
 */
export interface UserRenamedPayload {
  userId: string;
  displayName: string;
  /** The avatar after the change; absent in events written before avatars existed (read it as null). */
  avatarUrl?: string | null;
}

/** Which part of the content policy refused a body: CONTENT_BLOCKED_TERMS, or the service at CONTENT_MODERATION_URL. */
export type ContentPolicyRule = 'blocked-term' | 'moderation-service';

/**
 * The content policy refused a message body (a send, or an edit of `messageId`); nothing of it was
 * stored. The hook for moderation: the audit log records it, and tools reading the bus see it.
 * Never the body itself: `reason` is the blocked term as configured, or the service's reason.
 */
export interface MessagePolicyRefusedPayload {
  conversationId: string;
  senderId: string;
  messageId: string | null;
  rule: ContentPolicyRule;
  reason: string;
}

/**
 * Someone blocked another person of their tenant (a new block only: blocking again writes nothing).
 * Internal: no frame tells either person; the gateways end both people's typing in their direct
 * conversations, which a start from before the block would otherwise keep showing until it lapsed.
 */
export interface UserBlockedPayload {
  blockerId: string;
  blockedId: string;
}

/**
 * A tenant administrator set a feature flag's state (`changedBy`). The gateways tell the tenant's
 * devices (`features.updated`), which then ask what is on for them.
 */
export interface FeatureFlagChangedPayload {
  key: FeatureKey;
  changedBy: string;
}

export interface EventPayloads {
  [EventName.MessageSent]: MessageSentPayload;
  [EventName.ConversationCreated]: ConversationChangedPayload;
  [EventName.ConversationUpdated]: ConversationChangedPayload;
  [EventName.ConversationDeleted]: ConversationDeletedPayload;
  [EventName.MemberJoined]: MemberChangedPayload;
  [EventName.MemberLeft]: MemberChangedPayload;
  [EventName.MemberRoleChanged]: MemberChangedPayload;
  [EventName.MessageEdited]: MessageEditedPayload;
  [EventName.MessageDeleted]: MessageDeletedPayload;
  [EventName.ReactionChanged]: ReactionChangedPayload;
  [EventName.PinChanged]: PinChangedPayload;
  [EventName.ReadAdvanced]: ReadAdvancedPayload;
  [EventName.DeliveryAdvanced]: DeliveryAdvancedPayload;
  [EventName.MemberMuted]: MemberMutedPayload;
  [EventName.MemberFavourited]: MemberFavouritedPayload;
  [EventName.AccountBanned]: AccountBannedPayload;
  [EventName.AccountDeleted]: AccountDeletedPayload;
  [EventName.SessionRevoked]: SessionRevokedPayload;
  [EventName.BusinessOwnerChanged]: BusinessOwnerChangedPayload;
  [EventName.BusinessConversationWaiting]: BusinessConversationWaitingPayload;
  [EventName.MessageReported]: MessageReportedPayload;
  [EventName.UserRenamed]: UserRenamedPayload;
  [EventName.UserBlocked]: UserBlockedPayload;
  [EventName.MessagePolicyRefused]: MessagePolicyRefusedPayload;
  [EventName.FeatureFlagChanged]: FeatureFlagChangedPayload;
  [EventName.MediaQuarantined]: MediaQuarantinedPayload;
}

export interface EventEnvelope<N extends EventName = EventName> {
  /** Unique per event; consumers use it to drop redeliveries. */
  id: string;
  name: N;
  tenantId: string;
  aggregateType: AggregateType;
  aggregateId: string;
  occurredAt: string;
  /**
   * Its outbox row's id: the relay publishes an aggregate's events in this order, so of two events
   * about the same thing the higher position is the newer. Projections use it to skip an event a
   * newer one already overwrote (a dead letter replayed late). Absent on events published before it existed.
   */
  position?: number;
  /** Correlation and trace context carried end to end (request id, W3C traceparent). */
  headers: Record<string, string>;
  payload: EventPayloads[N];
}
