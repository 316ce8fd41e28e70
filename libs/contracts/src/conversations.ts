import type { Message } from './messages';
import type { ConversationE2ee } from './e2ee';

/** `business`: a customer, an assigned agent, named after the business (see businesses.ts); made only by messaging a business. */
export const CONVERSATION_TYPES = ['direct', 'group', 'channel', 'business'] as const;
export type ConversationType = (typeof CONVERSATION_TYPES)[number];

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const MEMBER_ROLES = ['owner', 'admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export type PresenceStatus = 'online' | 'away' | 'offline';

/**
 * `closed`: its owner or an admin closed it (`POST /v1/conversations/:id/close`): nothing is sent,
 * edited or reacted to there (409 CONVERSATION_CLOSED) until one of them reopens it
 * (`POST /v1/conversations/:id/reopen`); its members still read it, page its history, search it and
 * follow it live.
 */
export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export interface Conversation {
  id: string;
  type: ConversationType;
  name: string | null;
  description: string | null;
  visibility: Visibility;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  memberCount: number;
  /** Extension of v1: present only on end-to-end encrypted conversations (see e2ee.ts). */
  e2ee?: ConversationE2ee;
  /** Extension of v1: seed 000's session status (see ConversationStatus). */
  status: ConversationStatus;
  /** Extension of v1: when it was closed; null while it is open. */
  closedAt: string | null;
}

export interface ConversationMember {
  userId: string;
  username: string;
  displayName: string;
  /** Extension of v1: the member's picture (see User.avatarUrl), or null. */
  avatarUrl: string | null;
  role: MemberRole;
  joinedAt: string;
  presence: PresenceStatus;
  /** Extension of v1: when the member was last connected (null if never, or while online). */
  lastSeenAt?: string | null;
}

/**
 * Extension of v1: the other person of a direct conversation in my list, as their account reads at
 * the time of the request (renames and new pictures show at once; `user.updated` frames say so live).
 */
export interface ConversationPartner {
  userId: string;
  username: string;
  displayName: string;
  /** Their picture (see User.avatarUrl), or null: clients draw initials then. */
  avatarUrl: string | null;
}

export interface ConversationSummary extends Conversation {
  lastMessage: Message | null;
  unreadCount: number;
  /**
   * Extension of v1: of the unread, how many are addressed to me: they mention me (`mentions`) or
   * answer one of my messages (`replyTo`). Live ones from others only, like `unreadCount`; clients
   * show it as an "@" badge.
   */
  unreadMentionCount: number;
  lastReadSeq: number;
  muted: boolean;
  /** Extension of v1: I starred it (`PUT /v1/conversations/:id/favourite`); clients show favourites first. */
  favourite: boolean;
  /**
   * Extension of v1, on direct conversations only (absent on the other types): the other person,
   * so a client draws their name and picture without asking for the members. A deleted account stays
   * in its direct conversations and shows here as "Deleted user" without a picture; null only when no
   * other member is found.
   */
  partner?: ConversationPartner | null;
}

export interface CreateConversationRequest {
  type: ConversationType;
  name?: string;
  description?: string;
  visibility?: Visibility;
  memberIds?: string[];
  /** Extension of v1: an end-to-end encrypted group or direct conversation (channels cannot be). */
  e2ee?: boolean;
  /**
   * Extension of v1: chosen by the client (1-100 characters, as `clientMessageId`) so a create can be sent
   * again safely. The same creator sending the same id again gets the conversation created the first time
   * (200 instead of 201), never a second one; a retry whose other fields differ gets 409 CLIENT_REQUEST_ID_REUSED.
   * Direct conversations are unique per pair anyway: the id is kept but not needed there.
   */
  clientRequestId?: string;
}

export interface UpdateConversationRequest {
  name?: string;
  description?: string;
}

export interface AddMemberRequest {
  userId: string;
}

export interface ChangeRoleRequest {
  role: MemberRole;
}

export interface ConversationResponse {
  conversation: Conversation;
}

export interface ConversationDetailsResponse {
  conversation: Conversation;
  members: ConversationMember[];
  /** Extension of v1: what I may do here now, by the server's own rules (feature flags aside: GET /v1/me/features). */
  capabilities: ConversationCapabilities;
  /** Extension of v1: the limits this conversation's messages and members are held to. */
  policies: ConversationPolicies;
}

/**
 * Extension of v1: `POST /v1/conversations`' answer (and `POST /chat/session`'s), 201 for a new
 * conversation and 200 for the one a repeat names (the pair's direct conversation, a retried
 * `clientRequestId`): the details `GET /v1/conversations/:id` gives, `conversation` as before, and how
 * to follow the conversation live. A retry by a creator who has left a private conversation since
 * is 404 CONVERSATION_NOT_FOUND, as the details are (they would name its members).
 */
export interface ConversationCreatedResponse extends ConversationDetailsResponse {
  connection: ConversationConnection;
}

/**
 * Extension of v1: how a client follows a conversation in real time: Socket.IO on `url`'s origin with
 * `path` (`io(origin, {path, transports: ['websocket'], auth: {token}})`), the token an access token or
 * a single-use ticket from `ticketUrl`, then `conversation.join {conversationId}`. Nothing is issued
 * by answering this: a ticket is asked for when the client connects, as it expires within seconds.
 */
export interface ConversationConnection {
  /** The socket's address, as `POST /v1/auth/ws-ticket` answers it: PUBLIC_URL (else the address the request came to) over ws:// or wss://, ending in `path`. */
  url: string;
  /** Socket.IO's path on that origin. */
  path: string;
  /** `POST` here (`/v1/auth/ws-ticket`) with `{conversationIds: [id]}` for a ticket scoped to this conversation, or without a body for one of the whole account. */
  ticketUrl: string;
  /** The same scoped ticket through seed 000's alias: `GET` here (`/chat/ws?sessionId=<id>`). */
  sessionTicketUrl: string;
}

/** Each true where the server would take the request now; false where it would refuse it. */
export interface ConversationCapabilities {
  /** Join by myself: a public channel I am not in. */
  join: boolean;
  leave: boolean;
  /** Send messages (and react, edit mine): a member of an open conversation, with no block between the two people of a direct conversation. */
  send: boolean;
  /** Pin and unpin messages. */
  pin: boolean;
  /** Invite people (a group that is full: false). */
  addMembers: boolean;
  /** Change the name and description. */
  edit: boolean;
  /** Close it and reopen it: owners and admins of a group or channel. */
  close: boolean;
  /**
   * Follow it live (the socket's `conversation.join`, after a reconnect too): members, whether it is
   * open or closed; a closed conversation's frames still come (`conversation.updated` when it reopens).
   */
  connect: boolean;
  /** Remove and ban people, read the moderation log and the reports. */
  moderate: boolean;
  /** Make members admins and back, and give ownership away. */
  changeRoles: boolean;
  delete: boolean;
}

export interface ConversationPolicies {
  /** MESSAGE_BODY_MAX_CHARS. */
  maxMessageChars: number;
  /** MESSAGE_ATTACHMENTS_MAX per message. */
  maxAttachments: number;
  /** MESSAGE_MENTIONS_MAX per message. */
  maxMentions: number;
  /** PINNED_MESSAGES_MAX. */
  maxPinned: number;
  /** The most members it may hold (GROUP_MAX_MEMBERS for a group); null: no limit. */
  maxMembers: number | null;
  /** Messages older than this many days are deleted (MESSAGE_RETENTION_DAYS); null: kept. */
  retentionDays: number | null;
}

/**
 * `GET /v1/conversations?limit=&cursor=`: my conversations, most recently active first, a page at a
 * time (CONVERSATION_LIST_DEFAULT_LIMIT, at most CONVERSATION_LIST_MAX_LIMIT); `nextCursor` asks for
 * the next page, null on the last. A conversation that becomes active while the pages are read
 * moves to the top, above the pages already read: the live frames (or `GET /v1/sync`) say so.
 */
export interface ConversationListQuery {
  limit?: number;
  cursor?: string;
  /** Extension of v1: only my favourites, in the same order and paging. */
  favourites?: boolean;
}

export interface ConversationListResponse {
  conversations: ConversationSummary[];
  nextCursor: string | null;
}

export interface PublicChannelsResponse {
  conversations: Conversation[];
  nextCursor: string | null;
}

/** `POST /v1/conversations/:id/read`: moves my read pointer forward to `seq` (never back). */
export interface ReadRequest {
  seq: number;
}
export interface ReadResponse {
  /** My read pointer after the call (capped at the conversation's last seq). */
  lastReadSeq: number;
}

/**
 * Extension of v1: `GET /v1/conversations/:id/reads` → every member's read and delivery pointers.
 * A message with seq S has been read by the members whose `lastReadSeq >= S` (✓✓ when that
 * includes everyone but the sender) and has reached a device of those whose `lastDeliveredSeq >= S`.
 */
export interface ReadPointersResponse {
  reads: MemberPointers[];
}

/**
 * One member's pointers. `lastDeliveredSeq`: the highest seq that reached one of their devices
 * (acknowledged with `delivered`); never below `lastReadSeq` (reading implies delivery), never past
 * the last seq. In a conversation that does not track delivery (more members than
 * DELIVERY_RECEIPTS_MAX_MEMBERS) it is `lastReadSeq`.
 */
export interface MemberPointers {
  userId: string;
  lastReadSeq: number;
  lastDeliveredSeq: number;
}

/** Extension of v1: `POST /v1/conversations/:id/delivered {seq}`, the REST twin of the socket's `delivered`. */
export interface DeliveredRequest {
  /** The highest seq that reached this device; the pointer only moves forward and never past the last message. */
  seq: number;
}
/**
 * `tracked: false`: the conversation has more members than DELIVERY_RECEIPTS_MAX_MEMBERS, so the
 * server keeps no delivery pointers there (nothing was written; a client may stop acknowledging it).
 * Recorded acknowledgements are written within DELIVERY_RECEIPTS_FLUSH_MS, together with others.
 */
export interface DeliveredResponse {
  tracked: boolean;
}

/**
 * Extension of v1: `GET /v1/conversations/:id/messages/:messageId/receipts` (members only) → where a
 * message stands for every member but its sender, derived from their pointers; each member is in
 * exactly one list: `readBy` (read it), `deliveredTo` (it reached a device of theirs, not read yet),
 * `pending` (neither). `deliveryTracked: false`: the conversation does not track delivery, so those
 * who have not read it are `pending`.
 */
export interface MessageReceiptsResponse {
  messageId: string;
  seq: number;
  deliveryTracked: boolean;
  readBy: { userId: string }[];
  deliveredTo: { userId: string }[];
  pending: { userId: string }[];
}

/** Extension of v1: `PUT /v1/conversations/:id/mute {muted}`. Muted members still get every message and frame, but no notifications. */
export interface MuteRequest {
  muted: boolean;
}
export interface MuteResponse {
  muted: boolean;
}

/**
 * Extension of v1: `PUT /v1/conversations/:id/favourite {favourite}` stars a conversation of mine (members only).
 * One account has at most FAVOURITE_CONVERSATIONS_MAX; one more is 409 FAVOURITES_FULL.
 */
export interface FavouriteRequest {
  favourite: boolean;
}
export interface FavouriteResponse {
  favourite: boolean;
}
