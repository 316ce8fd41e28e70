import type { ApiErrorBody } from './errors';
import type { FeaturesUpdatedFrame } from './features';
import type { QuarantinedMedia } from './media';
import type { Attachment, MediaAttachmentRef, Message } from './messages';
import type { Conversation, PresenceStatus } from './conversations';
import type { MessageReport } from './moderation';
import type { PinUpdatedFrame } from './pins';
import type { ServerProtocolFrame } from './versioning';

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ApiErrorBody };

export interface ConversationRef {
  conversationId: string;
}
export interface SocketSendMessage {
  conversationId: string;
  clientMessageId: string;
  body: string;
  attachments?: (Attachment | MediaAttachmentRef)[];
  /** As on REST: the id of the earlier message of the conversation this one answers. */
  replyTo?: string;
  /** As on REST: the members this message names, by user id. */
  mentions?: string[];
}
export interface SocketTyping {
  conversationId: string;
  isTyping: boolean;
}
export interface SocketRead {
  conversationId: string;
  seq: number;
}
/** Extension of v1: the highest seq of the conversation that reached this device. */
export interface SocketDelivered {
  conversationId: string;
  seq: number;
}
/** Extension of v1: the conversation this socket shows now (null: none). */
export interface SocketView {
  conversationId: string | null;
}
export interface SocketSync {
  conversationId: string;
  afterSeq: number;
  limit?: number;
}

/**
 * The handshake: `auth: { token, deviceId? }`. `deviceId` (extension of v1; 1–64 of [A-Za-z0-9_-])
 * names the client's device; presence does not key on it (a browser's tabs share one): each
 * connection holds a lease of its own, and a reconnecting device ends those its dropped connections left.
 */
export interface SocketAuth {
  token: string;
  deviceId?: string;
  /** The contract version the client speaks (SOCKET_PROTOCOLS); absent: the current one. */
  protocol?: string;
}

/** Client → server events, each answered through the ack callback. */
export interface ClientToServerEvents {
  /** Puts this socket in the conversation's room (members only), so its frames reach it; `lastSeq` is where to `sync` from. */
  'conversation.join': (p: ConversationRef, ack: (r: Ack<{ lastSeq: number }>) => void) => void;
  /**
   * Extension of v1: this socket shows `conversationId` now (members only; it joins the room too,
   * as `conversation.join` does), and no longer the one it showed before; null: none. Its user is
   * among the conversation's `viewers` while any of their sockets shows it (and heartbeats, and
   * stays in its room); send it again after each connect. `viewers`: who is there now, me included.
   */
  'conversation.view': (p: SocketView, ack: (r: Ack<{ viewers: string[] }>) => void) => void;
  /** Takes this socket out of the conversation's room; the membership stays. */
  'conversation.leave': (p: ConversationRef, ack: (r: Ack) => void) => void;
  /** Sends a message, as REST does; a retry with the same `clientMessageId` answers the message already sent. */
  'message.send': (p: SocketSendMessage, ack: (r: Ack<{ message: Message }>) => void) => void;
  /** I am typing (repeat while I do; it lapses TYPING_TTL_SECONDS, 5 s by default, after the last) or I stopped. */
  typing: (p: SocketTyping, ack: (r: Ack) => void) => void;
  /** Moves my read pointer forward to `seq` (never back, capped at the last message). */
  read: (p: SocketRead, ack: (r: Ack<{ lastReadSeq: number }>) => void) => void;
  /**
   * Extension of v1: messages up to `seq` reached this device (send it after `message.created`
   * frames and `sync` pages, at most one per conversation per second or so: the SDK does).
   * `tracked: false`: the conversation is too big to track delivery, nothing was written.
   */
  delivered: (p: SocketDelivered, ack: (r: Ack<{ tracked: boolean }>) => void) => void;
  /** The messages after `afterSeq`, oldest first, at most `limit`; `hasMore` when there are more. */
  sync: (p: SocketSync, ack: (r: Ack<{ messages: Message[]; hasMore: boolean }>) => void) => void;
  /** Renews this device's presence lease (PRESENCE_LEASE_SECONDS, 30 s by default): send one every 15 s. */
  'presence.heartbeat': (p: Record<string, never>, ack: (r: Ack) => void) => void;
  /** Sets my status; away also comes by itself after a while without activity. */
  'presence.set': (p: { status: 'online' | 'away' }, ack: (r: Ack) => void) => void;
}

/**
 * A message's counts after a reaction changed. Extension of v1: `userId` reacted with `emoji`
 * (`added`) or took it back, so each of their devices keeps its own set (Message.myReactions).
 */
export interface ReactionUpdatedFrame {
  conversationId: string;
  messageId: string;
  reactions: Record<string, number>;
  userId: string;
  emoji: string;
  added: boolean;
}

/**
 * Extension of v1: members' delivery pointers that moved, for one conversation: acknowledgements
 * are written together every DELIVERY_RECEIPTS_FLUSH_MS, and each write sends one frame per
 * conversation with every pointer it moved (`seq`: the member's new `lastDeliveredSeq`), to the
 * devices of the members whose messages those pointers newly cover (the senders, whose clients
 * show delivery), not to the whole conversation. Everyone sees the pointers in `GET …/reads`,
 * a message's receipts and `GET /v1/sync`.
 */
export interface DeliveredFrame {
  conversationId: string;
  pointers: DeliveryPointer[];
}
export interface DeliveryPointer {
  userId: string;
  seq: number;
}

/** How much a loaded server holds back (typing, reactions and read/delivery receipts first, then new messages). */
export type LoadLevel = 'normal' | 'shedding' | 'backpressure';
export type SheddableFeature = 'typing' | 'reactions' | 'receipts' | 'messages';

/** What is paused: until the level is normal again, those features answer SERVICE_UNAVAILABLE with retryAfterSeconds. */
export interface ServerStatusFrame {
  level: LoadLevel;
  paused: SheddableFeature[];
  /**
   * Extension of v1: the least time a client should leave between two receipts (`read`,
   * `delivered`) for one conversation, in ms, while connected to this node. It grows with the
   * receipts the node's sockets send, so together they stay within what the node takes per second. A
   * client waits the longer of this and its own interval; absent (an older server): its own.
   */
  receiptIntervalMs?: number;
}

interface Traced {
  traceId?: string;
}

/** Server → client events. */
export interface ServerToClientEvents {
  /** A new message in a conversation this socket joined, in seq order. */
  'message.created': (p: { message: Message } & Traced) => void;
  /** A message was edited. */
  'message.updated': (p: { message: Message } & Traced) => void;
  /** A message was deleted (history keeps its tombstone). */
  'message.deleted': (p: { conversationId: string; id: string; seq: number } & Traced) => void;
  /** A message's reactions changed. */
  'reaction.updated': (p: ReactionUpdatedFrame & Traced) => void;
  /** Extension of v1: a message was pinned or unpinned (the list: `GET …/pins`). */
  'pin.updated': (p: PinUpdatedFrame & Traced) => void;
  /** Everyone typing in the conversation now, sent whenever the list changes. */
  typing: (p: { conversationId: string; userIds: string[] } & Traced) => void;
  /** Extension of v1: who has the conversation open now (`conversation.view`), sent to its room whenever that changes. */
  viewers: (p: { conversationId: string; userIds: string[] } & Traced) => void;
  /** A user's presence changed (sent to their conversations and to their own devices). */
  presence: (p: { userId: string; status: PresenceStatus; lastSeenAt: string | null } & Traced) => void;
  /** A member's read pointer moved forward. */
  read: (p: { conversationId: string; userId: string; seq: number } & Traced) => void;
  /** Extension of v1: members' delivery pointers moved forward (a read also implies delivery up to its seq). */
  delivered: (p: DeliveredFrame & Traced) => void;
  /** Someone joined the conversation or was added to it. */
  'member.joined': (p: { conversationId: string; userId: string; role: string | null } & Traced) => void;
  /** Extension of v1: a tenant administrator banned my account; the server disconnects right after. */
  'account.banned': (p: { until: string | null } & Traced) => void;
  /** Extension of v1: `reason` says whether they left, were removed (kicked) or banned. */
  'member.left': (p: { conversationId: string; userId: string; reason: MemberLeftReason } & Traced) => void;
  /** Extension of v1: a member's role changed (ownership transfer sends two). */
  'member.updated': (p: { conversationId: string; userId: string; role: string | null } & Traced) => void;
  /** The conversation's details changed. */
  'conversation.updated': (p: { conversation: Conversation } & Traced) => void;
  /** The conversation was deleted. */
  'conversation.deleted': (p: { conversationId: string } & Traced) => void;
  /** Extension of v1: someone I share a conversation with (or I, on another device) changed their display name or avatar (both sent as they now are). */
  'user.updated': (p: { userId: string; displayName: string; avatarUrl: string | null } & Traced) => void;
  /** Extension of v1: a member reported a message of a conversation I own or administer (sent to my devices). */
  'message.reported': (p: { report: MessageReport } & Traced) => void;
  /** To the tenant's administrators: an upload the malware scan refused is held in quarantine (GET /v1/media/quarantine). */
  'media.quarantined': (p: { quarantined: QuarantinedMedia } & Traced) => void;
  /** Extension of v1: a conversation waits unassigned in the inbox of a business I work for or own (sent to my devices; claim it to take it). */
  'business.conversation.waiting': (p: { businessId: string; conversationId: string; customerId: string } & Traced) => void;
  /** Extension of v1: my mute setting changed (sent to all my devices). */
  'mute.updated': (p: { conversationId: string; muted: boolean } & Traced) => void;
  /** Extension of v1: I starred or unstarred a conversation (sent to all my devices). */
  'favourite.updated': (p: { conversationId: string; favourite: boolean } & Traced) => void;
  /** Extension of v1: a tenant administrator changed a feature flag; ask `GET /v1/me/features` again within the window the frame gives (sent to every device of the tenant). */
  'features.updated': (p: FeaturesUpdatedFrame & Traced) => void;
  /** Extension of v1: this server's load level, or the receipt interval it asks for, changed; sent on connect too while either is not the least. */
  'server.status': (p: ServerStatusFrame) => void;
  /** Extension of v1: the contract version this socket speaks and every one the server serves (sent once on connect). */
  'server.protocol': (p: ServerProtocolFrame) => void;
}

/** `reassigned`: a business conversation went to another agent (or back to the inbox). */
export type MemberLeftReason = 'left' | 'removed' | 'banned' | 'reassigned';
