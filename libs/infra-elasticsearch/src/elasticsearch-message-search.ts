import type { Client } from '@elastic/elasticsearch';
import { MARK_END, MARK_START, markedToHtml, type MessageSearchHit, type MessageSearchIndex, type MessageSearchQuery, type SearchDocument } from '@chat/platform';
import { BulkRefusalError, refusedItems } from './bulk-refusal';
import type { MessageIndex } from './message-index';

/** Excerpt length around the best match, in characters (Postgres takes 12 to 30 words). */
const FRAGMENT_CHARS = 200;
/** Documents deleted per request when a conversation goes. */
const DROP_PAGE = 1000;

/**
 * The MessageSearchIndex on Elasticsearch (ELASTICSEARCH_URL). A batch is one bulk request with
 * external versioning (`external_gte` on the message version): Elasticsearch itself refuses an
 * older version, so redeliveries and reorderings converge. A deleted message is kept as a
 * body-less document flagged `deleted`, for the same reason. Items refused because the cluster is
 * busy fail the batch as transient (bulk-refusal.ts), so it is sent again rather than given up.
 * Writes are searchable after the next refresh (about a second).
 */
export class ElasticsearchMessageSearch implements MessageSearchIndex {
  constructor(
    private readonly client: Client,
    private readonly index: MessageIndex,
  ) {}

  async put(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const operations = documents.flatMap((d) => [
      { index: { _index: this.index.name, _id: d.messageId, version: d.version, version_type: 'external_gte' as const } },
      { tenantId: d.tenantId, conversationId: d.conversationId, senderId: d.senderId, seq: d.seq, body: d.deleted ? '' : d.body, createdAt: d.createdAt, deleted: d.deleted },
    ]);
    // A version conflict (409) means a newer version is stored already: the outcome we want.
    const refused = refusedItems(await this.client.bulk({ operations }), 409);
    if (refused.length) throw new BulkRefusalError(`Elasticsearch refused documents of a batch of ${documents.length}`, refused);
  }

  /** The index's name and the uuid Elasticsearch gave it when it was made: a deleted and remade index is another incarnation. */
  async incarnation(): Promise<string> {
    return `elasticsearch:${this.index.name}/${await this.index.uuid()}`;
  }

  /**
   * The local engine has no `_delete_by_query` (deploy/local/README.md), and deleting a
   * conversation is rare: so its documents are found a page at a time and deleted by id. The
   * index is refreshed first (documents written a moment ago are found too) and after each page
   * (the next search no longer sees the deleted ones).
   */
  async dropConversations(tenantId: string, conversationIds: readonly string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.client.indices.refresh({ index: this.index.name });
    const query = { bool: { filter: [{ term: { tenantId } }, { terms: { conversationId: [...conversationIds] } }] } };
    for (;;) {
      const page = await this.client.search({ index: this.index.name, size: DROP_PAGE, _source: false, track_total_hits: false, query });
      if (page.hits.hits.length === 0) return;
      const result = await this.client.bulk({ refresh: true, operations: page.hits.hits.map((hit) => ({ delete: { _index: this.index.name, _id: hit._id! } })) });
      // Not found (404): deleted already.
      const refused = refusedItems(result, 404);
      if (refused.length) throw new BulkRefusalError('Elasticsearch kept documents of a deleted conversation', refused);
    }
  }

  async search(query: MessageSearchQuery): Promise<MessageSearchHit[]> {
    if (query.conversationIds.length === 0) return [];
    const result = await this.client.search<{ conversationId: string }>({
      index: this.index.name,
      size: query.limit,
      track_total_hits: false,
      track_scores: true,
      // The external version, i.e. the message version the highlight was made from.
      version: true,
      _source: ['conversationId'],
      query: {
        bool: {
          filter: [{ term: { tenantId: query.tenantId } }, { terms: { conversationId: [...query.conversationIds] } }],
          // Documents indexed before the flag existed have no `deleted` field: they are live.
          must_not: [{ term: { deleted: true } }],
          must: [{ match: { body: { query: query.text, operator: 'and' } } }],
        },
      },
      sort: [{ _score: { order: 'desc' } }, { createdAt: { order: 'desc' } }],
      highlight: {
        fields: { body: { type: 'unified', pre_tags: [MARK_START], post_tags: [MARK_END], number_of_fragments: 1, fragment_size: FRAGMENT_CHARS, no_match_size: FRAGMENT_CHARS } },
      },
    });
    return result.hits.hits.map((hit) => ({
      messageId: hit._id!,
      conversationId: hit._source!.conversationId,
      score: hit._score ?? 0,
      version: hit._version!,
      highlight: markedToHtml(hit.highlight?.body?.[0] ?? ''),
    }));
  }
}
