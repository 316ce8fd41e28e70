import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageBodies } from '@chat/persistence';
import { APP_CONFIG, isTransientError, MESSAGE_SEARCH_INDEX, retryDelayMs, type AppConfig, type MessageSearchIndex } from '@chat/platform';
import { toSearchDocument, type IndexedMessage } from './search-changes';

interface StoredMessage {
  id: string;
  tenantId: string;
  conversationId: string;
  senderId: string;
  seq: string;
  version: number;
  createdAt: Date;
  deletedAt: Date | null;
  body: string;
  contentKey: string | null;
}

/** The first (conversation, seq) of the walk: below every uuid and seq. */
const START = { conversationId: '00000000-0000-0000-0000-000000000000', seq: 0 };

const START_BACKFILL = `INSERT INTO search_backfills (incarnation) VALUES ($1) ON CONFLICT DO NOTHING`;
const LOCK_PROGRESS = `SELECT after_conversation_id AS "conversationId", after_seq AS "seq", indexed, completed_at AS "completedAt" FROM search_backfills WHERE incarnation = $1 FOR UPDATE`;
/** A page of stored messages in (conversation, seq) order, those of deleted conversations left out (their documents were dropped). */
const NEXT_PAGE = `SELECT m.id, m.tenant_id AS "tenantId", m.conversation_id AS "conversationId", m.sender_id AS "senderId", m.seq, m.version,
          m.created_at AS "createdAt", m.deleted_at AS "deletedAt", m.body, m.content_key AS "contentKey"
     FROM messages m JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
    WHERE (m.conversation_id, m.seq) > ($1::uuid, $2::bigint)
    ORDER BY m.conversation_id, m.seq LIMIT $3`;
const RECORD_PROGRESS = `UPDATE search_backfills SET after_conversation_id = $2, after_seq = $3, indexed = indexed + $4, completed_at = CASE WHEN $5 THEN now() END WHERE incarnation = $1`;

/**
 * Fills a search index that is new to this installation with the messages stored before it:
 * moving from the embedded mode's Postgres search to Elasticsearch, or an index deleted and made
 * again, would otherwise find nothing older than the index. It walks `messages` in (conversation,
 * seq) order, a page (SEARCH_BACKFILL_BATCH_SIZE) per transaction, alongside the live projection:
 * both write versioned documents, so whichever comes second of two versions of a message keeps
 * the newer. Where it stands is stored per index incarnation (table `search_backfills`), read
 * under a row lock: the search indexer's replicas take turns, a page each, and a restart goes on
 * where the last page ended. An unavailable database or index is waited out.
 */
@Injectable()
export class SearchBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchBackfill.name);
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bodies: MessageBodies,
    @Inject(MESSAGE_SEARCH_INDEX) private readonly index: MessageSearchIndex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** In the background: the indexer's live projection and the app's readiness do not wait for history. */
  onApplicationBootstrap(): void {
    this.running = this.run().catch((err: unknown) => {
      if (!this.stopping.signal.aborted) this.logger.error({ err }, 'Search backfill failed: history stays unsearchable in this index until the next start');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** Fills the index's incarnation to the end of the stored messages (at once when it was filled before). */
  async run(): Promise<void> {
    const incarnation = await this.retrying(() => this.index.incarnation());
    const started = Date.now();
    let announced = false;
    while (!this.stopping.signal.aborted) {
      const page = await this.retrying(() => this.dataSource.transaction((em) => this.putNextPage(em, incarnation)));
      if (page === 'done before') return;
      if (!announced) this.logger.log(`Search backfill of ${incarnation}: putting stored messages into the index`);
      announced = true;
      if (page.completed) {
        this.logger.log(`Search backfill of ${incarnation} done: ${page.indexed} message(s) in ${Date.now() - started} ms`);
        return;
      }
    }
  }

  private async putNextPage(em: EntityManager, incarnation: string): Promise<'done before' | { completed: boolean; indexed: number }> {
    await em.query(START_BACKFILL, [incarnation]);
    const [progress] = (await em.query(LOCK_PROGRESS, [incarnation])) as { conversationId: string | null; seq: string | null; indexed: string; completedAt: Date | null }[];
    if (progress.completedAt) return 'done before';
    const after = progress.conversationId === null ? START : { conversationId: progress.conversationId, seq: Number(progress.seq) };
    const batch = this.config.search.backfillBatchSize;
    const rows = (await em.query(NEXT_PAGE, [after.conversationId, after.seq, batch])) as StoredMessage[];
    const bodies = await this.bodies.open(rows);
    const documents = rows.flatMap((row, i) => toSearchDocument(row.tenantId, indexedMessage(row, bodies[i])) ?? []);
    await this.index.put(documents);
    const last = rows.at(-1);
    const completed = rows.length < batch;
    await em.query(RECORD_PROGRESS, [incarnation, last?.conversationId ?? progress.conversationId, last?.seq ?? progress.seq, rows.length, completed]);
    return { completed, indexed: Number(progress.indexed) + rows.length };
  }

  /** `step` until it succeeds, waiting out an unavailable database or index; other failures end the backfill. */
  private async retrying<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await step();
      } catch (err) {
        if (this.stopping.signal.aborted || !isTransientError(err)) throw err;
        this.logger.warn({ err }, 'Search backfill waits for the database or the search index');
        await sleep(retryDelayMs(attempt, this.config.consumers), undefined, { signal: this.stopping.signal });
      }
    }
  }
}

function indexedMessage(row: StoredMessage, body: string): IndexedMessage {
  return {
    id: row.id,
    conversationId: row.conversationId,
    senderId: row.senderId,
    seq: Number(row.seq),
    version: row.version,
    body,
    createdAt: row.createdAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
