import type { Conversation } from './conversations';
import type { Message } from './messages';

/**
 * `GET /v1/search?q=&conversationId=&limit=`: messages I may read (conversations I belong to,
 * public channels) whose body contains every word of `q` (case-insensitive, whole words).
 * `q`: 1..SEARCH_QUERY_MAX_CHARS (200) characters after trimming; `limit`: 1..SEARCH_MAX_LIMIT
 * (100), default SEARCH_DEFAULT_LIMIT (20); `conversationId` narrows the search to one
 * conversation (404 CONVERSATION_NOT_FOUND when I may not see it).
 */
export interface SearchQuery {
  q: string;
  conversationId?: string;
  limit?: number;
}

export interface SearchHit {
  /** The message as it is now (current body, reactions); deleted messages are never hits. */
  message: Message;
  /**
   * An excerpt of the body as HTML: the text is escaped and the matched words are wrapped in
   * `<mark>…</mark>`, the only markup it ever contains.
   */
  highlight: string;
  /** Relevance, higher first; comparable only within one answer. */
  score: number;
  /** Extension of v1: the conversation the message is in (for its name, and to open it). */
  conversation: Conversation;
}

/** Most relevant first; among equally relevant hits, the newest first. */
export interface SearchResponse {
  hits: SearchHit[];
}
