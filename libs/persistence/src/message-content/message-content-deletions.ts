import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Counter, Gauge } from 'prom-client';
import { Metrics, PeriodicJob } from '@chat/platform';
import { exclusivePass } from '../exclusive-pass';
import { MESSAGE_CONTENT_STORE, type MessageContentStore } from './message-content-store';

const DRAIN_INTERVAL_MS = 60_000;
/** S3 deletes at most 1,000 objects per request. */
const BATCH = 1_000;

/**
 * Deletes the objects of `message_content_deletions` that are due: those no row points at any
 * more (queued by the content-release triggers when a message is edited, deleted, purged or
 * erased), and those an offload round wrote but did not hand to a row (drainDueContentDeletions;
 * a failed batch stays queued for the next minute). Runs wherever a content store is configured
 * (objects may remain after offloading is turned off), one replica at a time.
 */
@Injectable()
export class MessageContentDeletions extends PeriodicJob {
  private readonly logger = new Logger(MessageContentDeletions.name);
  private readonly deleted: Counter;
  private readonly overdue: Gauge;

  constructor(
    private readonly dataSource: DataSource,
    metrics: Metrics,
    @Optional() @Inject(MESSAGE_CONTENT_STORE) private readonly store: MessageContentStore | null = null,
  ) {
    super(store !== null ? DRAIN_INTERVAL_MS : null);
    this.deleted = new Counter({ name: 'chat_message_content_deleted_total', help: 'Message content objects deleted from the media bucket', registers: [metrics.registry] });
    this.overdue = new Gauge({
      name: 'chat_message_content_deletions_overdue',
      help: 'Message content objects due for deletion for more than an hour (the store refuses deletes, or the job fails)',
      registers: [metrics.registry],
    });
  }

  protected override async runOnce(): Promise<void> {
    try {
      const deleted = await exclusivePass(this.dataSource, 'message-content-deletions', () => this.drain());
      if (deleted) this.logger.log({ event: 'message.content.deleted', objects: deleted }, `${deleted} message content objects deleted`);
    } finally {
      const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM message_content_deletions WHERE not_before < now() - interval '1 hour'`);
      this.overdue.set(n);
    }
  }

  /** Deletes every due object; answers how many. */
  async drain(): Promise<number> {
    return drainDueContentDeletions(this.dataSource, this.store!, (batch) => this.deleted.inc(batch));
  }
}

/**
 * Deletes the objects of `message_content_deletions` that are due, a batch at a time: locked,
 * deleted from the store and then from the queue in one transaction, so a failure leaves the batch
 * queued. Answers how many; `onBatch` hears each batch's count.
 */
export async function drainDueContentDeletions(dataSource: DataSource, store: MessageContentStore, onBatch: (count: number) => void = () => undefined): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await dataSource.transaction(async (em) => {
      const due: { key: string }[] = await em.query(`SELECT key FROM message_content_deletions WHERE not_before <= now() ORDER BY not_before LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`);
      if (due.length === 0) return 0;
      const keys = due.map((d) => d.key);
      await store.remove(keys);
      await em.query(`DELETE FROM message_content_deletions WHERE key = ANY($1::text[])`, [keys]);
      return keys.length;
    });
    deleted += batch;
    onBatch(batch);
    if (batch < BATCH) return deleted;
  }
}
