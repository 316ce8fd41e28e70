import type { ApiErrorBody } from './errors';
import type { Attachment, MediaAttachmentRef, Message } from './messages';
import type { PresenceStatus } from './conversations';

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ApiErrorBody };

export interface ConversationRef {
  conversationId: string;
}
export interface SocketSendMessage {
  conversationId: string;
  clientMessageId: string;
  body: string;
  attachments?: (Attachment | MediaAttachmentRef)[];
}
export interface SocketTyping {
  conversationId: string;
  isTyping: boolean;
}
export interface SocketRead {
  conversationId: string;
  seq: number;
}
export interface SocketSync {
  conversationId: string;
  afterSeq: number;
  limit?: number;
}

/**
 * The handshake: `auth: { token, deviceId? }`. `deviceId` (extension of v1; 1–64 of [A-Za-z0-9_-])
 * names the device for presence, so a reconnecting device renews its own lease.
 */
export interface SocketAuth {
  token: string;
  deviceId?: string;
  /** The contract version the client speaks (SOCKET_PROTOCOLS); absent: the current one. */
  protocol?: string;
}

/** Client → server events, each answered through the ack callback. */
export interface ClientToServerEvents {
  'conversation.join': (p: ConversationRef, ack: (r: Ack<{ lastSeq: number }>) => void) => void;
  'conversation.leave': (p: ConversationRef, ack: (r: Ack) => void) => void;
  'message.send': (p: SocketSendMessage, ack: (r: Ack<{ message: Message }>) => void) => void;
  typing: (p: SocketTyping, ack: (r: Ack) => void) => void;
  read: (p: SocketRead, ack: (r: Ack<{ lastReadSeq: number }>) => void) => void;
  sync: (p: SocketSync, ack: (r: Ack<{ messages: Message[]; hasMore: boolean }>) => void) => void;
  'presence.heartbeat': (p: Record<string, never>, ack: (r: Ack) => void) => void;
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

/** How much a loaded server holds back (typing and reactions first, then new messages). */
export type LoadLevel = 'normal' | 'shedding' | 'backpressure';
export type SheddableFeature = 'typing' | 'reactions' | 'messages';

/** What is paused: until the level is normal again, those features answer SERVICE_UNAVAILABLE with retryAfterSeconds. */
export interface ServerStatusFrame {
  level: LoadLevel;
  paused: SheddableFeature[];
}

interface Traced {
  traceId?: string;
}

/** Server → client events. */
export interface ServerToClientEvents {
  'message.created': (p: { message: Message } & Traced) => void;
  'message.updated': (p: { message: Message } & Traced) => void;
  'message.deleted': (p: { conversationId: string; id: string; seq: number } & Traced) => void;
  'reaction.updated': (p: ReactionUpdatedFrame & Traced) => void;
  typing: (p: { conversationId: string; userIds: string[] } & Traced) => void;
  presence: (p: { userId: string; status: PresenceStatus; lastSeenAt: string | null } & Traced) => void;
  read: (p: { conversationId: string; userId: string; seq: number } & Traced) => void;
  'member.joined': (p: { conversationId: string; userId: string; role: string | null } & Traced) => void;
  /** Extension of v1: a tenant administrator banned my account; the server disconnects right after. */
  'account.banned': (p: { until: string | null } & Traced) => void;
  /** Extension of v1: `reason` says whether they left, were removed (kicked) or banned. */
  'member.left': (p: { conversationId: string; userId: string; reason: MemberLeftReason } & Traced) => void;
  /** Extension of v1: a member's role changed (ownership transfer sends two). */
  'member.updated': (p: { conversationId: string; userId: string; role: string | null } & Traced) => void;
  'conversation.updated': (p: { conversation: import('./conversations').Conversation } & Traced) => void;
  'conversation.deleted': (p: { conversationId: string } & Traced) => void;
  /** Extension of v1: my mute setting changed (sent to all my devices). */
  'mute.updated': (p: { conversationId: string; muted: boolean } & Traced) => void;
  /** Extension of v1: this server's load level changed; sent on connect too while it is not normal. */
  'server.status': (p: ServerStatusFrame) => void;
  /** Extension of v1: the contract version this socket speaks and every one the server serves (sent once on connect). */
  'server.protocol': (p: import('./versioning').ServerProtocolFrame) => void;
}

/** `reassigned`: a business conversation went to another agent (or back to the inbox). */
export type MemberLeftReason = 'left' | 'removed' | 'banned' | 'reassigned';
