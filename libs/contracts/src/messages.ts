/**
 * Either uploaded media (`id` from `POST /v1/media`: the server fills name, contentType and size
 * from the upload, and every answer carrying the message gives a fresh signed `url`, plus
 * `thumbnailUrl` for images) or an external reference (`url`, no `id`).
 */
export interface Attachment {
  id?: string;
  url?: string;
  name: string;
  contentType: string;
  size: number;
  thumbnailUrl?: string;
  /**
   * `voice`: a voice message recorded to be listened to in the conversation, rather than a sound
   * file passed along. Only uploads can be one (audio with a known `durationMs`, at most
   * MEDIA_VOICE_MAX_SECONDS). Absent for every other attachment, so clients that do not know the
   * field still show it as the audio file it is.
   */
  kind?: AttachmentKind;
  /** Uploaded audio whose length is known (always, for `kind: 'voice'`): milliseconds, from the upload. */
  durationMs?: number;
}

/** What an attachment is beyond its file type; only `voice` so far. */
export type AttachmentKind = 'voice';
export const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['voice'];

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  body: string;
  attachments: Attachment[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  reactions: Record<string, number>;
  /**
   * The emoji keys of `reactions` the reader gave, so a client marks them as its own. Answers made
   * for one reader (history, socket `sync`, search, the send and edit answers) carry the reader's;
   * frames and events, the same for everyone (`message.created`, `message.updated`, the sync
   * changes), carry `[]`: keep your own set from history and `reaction.updated`.
   */
  myReactions: string[];
  clientMessageId: string;
  /** Starts at 1; every edit and the delete move it up. An edit may name it to refuse stale changes. */
  version: number;
  /**
   * The earlier message of the conversation this one answers (sent with `replyTo`), as it is now.
   * Absent on every other message, and once this one is deleted.
   */
  replyTo?: MessageQuote;
  /**
   * The members this message names (sent with `mentions`), by user id: each is notified of it even
   * where they muted the conversation. Absent when it names nobody, and once it is deleted.
   */
  mentions?: string[];
}

/**
 * The message a reply answers, read when the reply is: an edit shows in it, and once the answered
 * message is deleted only its `seq` and `deleted: true` are left (its text and sender go with it).
 * `seq` is where it is in history (`GET …/messages?around=seq`). In an end-to-end encrypted
 * conversation `body` is its ciphertext, for the reader's device to open as it opens messages.
 */
export type MessageQuote =
  | { seq: number; deleted: false; id: string; senderId: string; body: string; attachmentCount: number }
  | { seq: number; deleted: true };

/**
 * Attaching an upload needs only its id; the server fills in the rest. `kind: 'voice'` sends it as
 * a voice message (optional and additive: a ref without it is the plain attachment it always was).
 */
export interface MediaAttachmentRef {
  id: string;
  kind?: AttachmentKind;
}

export interface SendMessageRequest {
  clientMessageId: string;
  body: string;
  attachments?: (Attachment | MediaAttachmentRef)[];
  /**
   * The id of an earlier message of the same conversation this one answers (404 MESSAGE_NOT_FOUND
   * when there is none). One deleted meanwhile is still answered, and quoted as deleted.
   */
  replyTo?: string;
  /**
   * Members of the conversation this message names, by user id (at most MESSAGE_MENTIONS_MAX, each
   * once; someone who is not a member is refused with 400 VALIDATION_FAILED). How a name shows in
   * the body is the client's (the web client writes "@Display Name"); the server never parses it,
   * so an end-to-end encrypted message can mention too.
   */
  mentions?: string[];
}

/**
 * `PATCH /v1/conversations/:id/messages/:messageId` (sender only). With `version`, the edit
 * applies only to that version of the message; otherwise 409 MESSAGE_VERSION_CONFLICT.
 */
export interface EditMessageRequest {
  body: string;
  version?: number;
}

/**
 * Extension of v1: `GET /v1/conversations/:id/mentions?limit=&after=` → the unread messages
 * addressed to me (they mention me or answer one of my messages that stands; the list's
 * `unreadMentionCount`), after my read pointer, oldest first, at most `limit` (1..HISTORY_MAX_LIMIT,
 * default HISTORY_MAX_LIMIT: an entry is two numbers, and a client wants them all); `hasMore` when there are more: ask again `after` the last seq
 * (the pointer may have moved meanwhile). For a client's "jump to the next mention".
 */
export interface UnreadMentionsResponse {
  mentions: { messageId: string; seq: number }[];
  hasMore: boolean;
}

/** `PUT`/`DELETE …/messages/:messageId/reactions/:emoji`: the message's counts after the change, and my own reactions on it. */
export interface ReactionsResponse {
  conversationId: string;
  messageId: string;
  reactions: Record<string, number>;
  myReactions: string[];
}

export interface MessageResponse {
  message: Message;
}

export interface HistoryQuery {
  before?: number;
  after?: number;
  around?: number;
  limit?: number;
}

export interface HistoryResponse {
  /** Ascending by seq. */
  messages: Message[];
  hasMore: boolean;
}
