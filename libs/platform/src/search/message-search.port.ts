/**
 * What the search index holds of one message: enough to filter (tenant, conversation), order
 * (createdAt) and highlight (body) without the messages table. A tombstone (`deleted`) is kept
 * as a document with an empty body, so a late redelivery of an older version cannot bring the
 * message back.
 */
export interface SearchDocument {
  messageId: string;
  tenantId: string;
  conversationId: string;
  senderId: string;
  seq: number;
  /** The message's version: an index keeps the highest it was given and ignores older ones. */
  version: number;
  body: string;
  createdAt: string;
  deleted: boolean;
}

export interface MessageSearchQuery {
  tenantId: string;
  /** The user's words; every word must occur (case-insensitive, whole words). */
  text: string;
  /** Only these conversations are searched (the caller computed what the user may see). */
  conversationIds: readonly string[];
  limit: number;
}

export interface MessageSearchHit {
  messageId: string;
  conversationId: string;
  /** Higher is more relevant; comparable only within one answer. */
  score: number;
  /**
   * The message version the index holds: the match and the highlight are of that version's body.
   * A message edited since may no longer contain the words, until its new version is indexed.
   */
  version: number;
  /** An excerpt of the body, HTML-escaped, matched words wrapped in `<mark>…</mark>`. */
  highlight: string;
}

/**
 * A search stopped because it cost more than the index allows one search (Postgres:
 * SEARCH_STATEMENT_TIMEOUT_MS), typically words so common that ranking every match takes too long.
 * Not an outage: a more specific search can succeed at once.
 */
export class SearchTooCostlyError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The search was stopped: it cost more than one search may', options);
    this.name = 'SearchTooCostlyError';
  }
}

/**
 * The message search index (Postgres full-text in the embedded mode, Elasticsearch when
 * ELASTICSEARCH_URL is set). Writes come from one projection (consumer group `search-indexer`)
 * and are idempotent: a document replaces the stored one only when its version is not older,
 * so redelivered or reordered batches converge on the same index. Writes become searchable
 * soon, not at once (Elasticsearch refreshes about every second).
 */
export interface MessageSearchIndex {
  /** Stores each document unless a newer version of that message is already there. */
  put(documents: readonly SearchDocument[]): Promise<void>;
  /** Forgets every message of these conversations (they were deleted). */
  dropConversations(tenantId: string, conversationIds: readonly string[]): Promise<void>;
  /** Live (not deleted) matches, most relevant first, newest first among equals; SearchTooCostlyError past the index's cost bound. */
  search(query: MessageSearchQuery): Promise<MessageSearchHit[]>;
  /**
   * Names what this index holds since it was made: the search backfill fills each incarnation once
   * from the stored messages. An index made anew (a new Elasticsearch index, one deleted and made
   * again) is a new incarnation, so history stored before it becomes searchable there too.
   */
  incarnation(): Promise<string>;
}

export const MESSAGE_SEARCH_INDEX = Symbol('MESSAGE_SEARCH_INDEX');
