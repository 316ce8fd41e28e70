import type { OnModuleDestroy } from '@nestjs/common';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { PreparedStatement } from '@chat/persistence';
import { MARK_END, MARK_START, markedToHtml, SearchTooCostlyError, type MessageSearchHit, type MessageSearchIndex, type MessageSearchQuery, type SearchDocument } from '@chat/platform';
import { foldForSearch, restoreCase } from './case-fold';

export interface PostgresSearchOptions {
  /**
   * Write without waiting for the WAL flush, on a connection of its own. Safe only where the
   * events come from the in-process bus: the outbox relay marks a batch published after every
   * group handled it, in a later commit, and a crash loses WAL only from some point on; so an
   * index write lost in a crash takes the relay's mark with it and the batch is published again.
   * (Kafka commits its offsets elsewhere, so the search-indexer app waits for the disk.)
   */
  asyncCommit: boolean;
  /**
   * Longest a search statement may run (SEARCH_STATEMENT_TIMEOUT_MS): words common enough to match
   * a large part of the installation would otherwise rank and sort every match before the LIMIT.
   */
  statementTimeoutMs: number;
}

/** Postgres's query_canceled: here, the statement ran past its statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * The embedded mode's MessageSearchIndex: Postgres full-text search over `search_messages`
 * (a `simple` tsvector of the folded body per message, under a GIN index), ranked by cover
 * density and highlighted by ts_headline, under `statementTimeoutMs`. A batch of documents is
 * one statement; a row only moves to a newer version. Bodies and queries go through
 * `foldForSearch` first (see there).
 */
export class PostgresMessageSearch implements MessageSearchIndex, OnModuleDestroy {
  /** The connection of asynchronous-commit writes, opened on the first write. */
  private writer: QueryRunner | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PostgresSearchOptions,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.dropWriter();
  }

  async put(documents: readonly SearchDocument[]): Promise<void> {
    const latest = latestVersions(documents);
    if (latest.length === 0) return;
    const bodies = latest.map((d) => (d.deleted ? '' : d.body));
    const on = await this.writeOn();
    await PUT_DOCUMENTS.run(on, [
      latest.map((d) => d.messageId),
      latest.map((d) => d.tenantId),
      latest.map((d) => d.conversationId),
      latest.map((d) => d.senderId),
      latest.map((d) => d.seq),
      latest.map((d) => d.version),
      latest.map((d) => d.createdAt),
      latest.map((d) => d.deleted),
      bodies,
      bodies.map(foldForSearch),
    ]).catch(async (err: unknown) => {
      // The connection may be broken: the redelivery opens a new one.
      if (on !== this.dataSource) await this.dropWriter();
      throw err;
    });
  }

  /** One table for the life of the installation, filled by the migration that made it (1765) and kept by the projection. */
  async incarnation(): Promise<string> {
    return 'postgres';
  }

  async dropConversations(tenantId: string, conversationIds: readonly string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.dataSource.query(`DELETE FROM search_messages WHERE tenant_id = $1 AND conversation_id = ANY($2::uuid[])`, [tenantId, conversationIds]);
  }

  async search(query: MessageSearchQuery): Promise<MessageSearchHit[]> {
    if (query.conversationIds.length === 0) return [];
    const text = foldForSearch(query.text);
    try {
      // One transaction, so the timeout set for it binds these statements only, not the pooled connection.
      return await this.dataSource.transaction(async (em) => {
        await em.query(`SELECT set_config('statement_timeout', $1, true)`, [String(this.options.statementTimeoutMs)]);
        const rows = await SEARCH.run(em, [query.tenantId, text, query.conversationIds, query.limit]);
        if (rows.length === 0) return [];
        // Headlines for the page only: ts_headline re-parses each body and is the costly part.
        const headlines = await HEADLINES.run(em, [rows.map((r) => foldForSearch(r.body)), text, HEADLINE_OPTIONS]);
        return rows.map((r, i) => ({
          messageId: r.message_id,
          conversationId: r.conversation_id,
          score: r.score,
          version: r.version,
          highlight: markedToHtml(restoreCase(headlines[i].headline, r.body)),
        }));
      });
    } catch (err) {
      if ((err as { code?: unknown }).code === QUERY_CANCELED) throw new SearchTooCostlyError({ cause: err });
      throw err;
    }
  }

  private async writeOn(): Promise<DataSource | EntityManager> {
    if (!this.options.asyncCommit) return this.dataSource;
    if (!this.writer) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      await runner.query('SET synchronous_commit = off');
      this.writer = runner;
    }
    return this.writer.manager;
  }

  private async dropWriter(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    await writer?.release().catch(() => undefined);
  }
}

/**
 * One document per message, the highest version of the batch: a statement cannot upsert the
 * same row twice, and the older versions would lose to it anyway.
 */
export function latestVersions(documents: readonly SearchDocument[]): SearchDocument[] {
  const latest = new Map<string, SearchDocument>();
  for (const d of documents) {
    const seen = latest.get(d.messageId);
    if (!seen || seen.version <= d.version) latest.set(d.messageId, d);
  }
  return [...latest.values()];
}

/** One excerpt of 12 to 30 words around the best match, matches between the markers markedToHtml understands. */
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MinWords=12, MaxWords=30, ShortWord=2`;

/** An equal version is a redelivery: nothing to write. */
const PUT_DOCUMENTS = new PreparedStatement(
  'search-put-documents',
  `INSERT INTO search_messages (message_id, tenant_id, conversation_id, sender_id, seq, version, created_at, deleted, body, document)
   SELECT d.message_id, d.tenant_id, d.conversation_id, d.sender_id, d.seq, d.version, d.created_at, d.deleted, d.body, to_tsvector('simple', d.folded)
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::bigint[], $6::int[], $7::timestamptz[], $8::boolean[], $9::text[], $10::text[])
          AS d(message_id, tenant_id, conversation_id, sender_id, seq, version, created_at, deleted, body, folded)
   ON CONFLICT (message_id) DO UPDATE SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, body = EXCLUDED.body, document = EXCLUDED.document
    WHERE search_messages.version < EXCLUDED.version`,
);

/**
 * Every match in the conversations given, ranked with normalisation by document length (a short
 * message about the words beats a long one that mentions them once), newest first among equals.
 */
const SEARCH = new PreparedStatement<{ message_id: string; conversation_id: string; score: number; version: number; body: string }>(
  'search-messages',
  `SELECT s.message_id, s.conversation_id, ts_rank_cd(s.document, q.query, 1)::float8 AS score, s.version, s.body
     FROM search_messages s, plainto_tsquery('simple', $2) AS q(query)
    WHERE s.tenant_id = $1 AND s.conversation_id = ANY($3::uuid[]) AND NOT s.deleted AND s.document @@ q.query
    ORDER BY score DESC, s.created_at DESC, s.message_id
    LIMIT $4`,
);

const HEADLINES = new PreparedStatement<{ headline: string }>(
  'search-headlines',
  `SELECT ts_headline('simple', b.folded, plainto_tsquery('simple', $2), $3) AS headline
     FROM unnest($1::text[]) WITH ORDINALITY AS b(folded, n)
    ORDER BY b.n`,
);
