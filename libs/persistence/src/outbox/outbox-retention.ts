import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, PeriodicJob, type AppConfig } from '@chat/platform';

const PRUNE_INTERVAL_MS = 60_000;
/** Rows looked at and deleted per round, so a prune never holds a long statement or many locks. */
const PRUNE_BATCH = 5_000;

/**
 * Deletes outbox rows published more than OUTBOX_RETENTION_HOURS ago, once a minute, beside the
 * relay rather than inside its passes, so a prune never holds events back. Ids grow with time, so
 * each round looks at the oldest rows by id from where the last one stopped and deletes those
 * published before the cutoff, until a round meets a row written after it: only the old part of
 * the table is read, never the young one, whatever the retention keeps. A row older than the cutoff
 * still unpublished (its shard's relay is stuck) is stepped over, not waited for. Every replica
 * that relays may run it: a DELETE by id range and age is idempotent.
 */
@Injectable()
export class OutboxRetention extends PeriodicJob {
  private readonly logger = new Logger(OutboxRetention.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(PRUNE_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.prune();
  }

  /** Deletes what is past retention; answers how many rows went. */
  async prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.outbox.retentionHours * 3_600_000);
    let deleted = 0;
    for (let after = '0'; ; ) {
      // One row back, not the round's 5,000: the last old id, and whether a young row ended the round.
      const [round]: { through: string | null; young: number; seen: number }[] = await this.dataSource.query(
        `SELECT max(id) FILTER (WHERE old) AS through, (count(*) FILTER (WHERE NOT old))::int AS young, count(*)::int AS seen
           FROM (SELECT id, occurred_at < $2 AS old FROM outbox WHERE id > $1 ORDER BY id LIMIT $3) oldest`,
        [after, cutoff, PRUNE_BATCH],
      );
      if (round.through === null) break;
      const [, count] = await this.dataSource.query(`DELETE FROM outbox WHERE id > $1 AND id <= $2 AND published_at < $3`, [after, round.through, cutoff]);
      deleted += count;
      if (round.young > 0 || round.seen < PRUNE_BATCH) break;
      after = round.through;
    }
    if (deleted > 0) this.logger.debug({ event: 'outbox.pruned', deleted, retentionHours: this.config.outbox.retentionHours }, 'Published outbox rows pruned');
    return deleted;
  }
}
