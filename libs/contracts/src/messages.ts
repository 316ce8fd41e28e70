export interface Attachment {
  /** Media id (from the media service) or an external URL reference. */
  id?: string;
  url?: string;
  name: string;
  contentType: string;
  size: number;
}

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
  clientMessageId: string;
  /** Starts at 1; every edit and the delete move it up. An edit may name it to refuse stale changes. */
  version: number;
}

export interface SendMessageRequest {
  clientMessageId: string;
  body: string;
  attachments?: Attachment[];
}

/**
 * `PATCH /v1/conversations/:id/messages/:messageId` (sender only). With `version`, the edit
 * applies only to that version of the message; otherwise 409 MESSAGE_VERSION_CONFLICT.
 */
export interface EditMessageRequest {
  body: string;
  version?: number;
}

/** `PUT`/`DELETE …/messages/:messageId/reactions/:emoji`: the message's counts after the change. */
export interface ReactionsResponse {
  conversationId: string;
  messageId: string;
  reactions: Record<string, number>;
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
