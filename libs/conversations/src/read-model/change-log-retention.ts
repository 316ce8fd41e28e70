import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, PeriodicJob, type AppConfig } from '@chat/platform';

const PRUNE_INTERVAL_MS = 3_600_000;
/** Rows looked at and deleted per round, so a prune never holds a long transaction. */
const PRUNE_BATCH = 5_000;

/**
 * Deletes sync change-log rows older than SYNC_CHANGES_RETENTION_DAYS (0 keeps them forever),
 * hourly where the projection runs. Before deleting it raises the horizon in the same transaction,
 * so a sync never reads a gap it cannot see: a cursor below the horizon is refused instead.
 * Positions grow with time, so each round takes the oldest rows by position and stops at the first
 * one still within retention: no scan of the young rows.
 */
@Injectable()
export class ChangeLogRetention extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Off while SYNC_CHANGES_RETENTION_DAYS is 0.
    super(config.sync.changesRetentionDays === 0 ? null : PRUNE_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.prune();
  }

  /** Deletes what is past retention; answers how many rows went. */
  async prune(now = new Date()): Promise<number> {
    const days = this.config.sync.changesRetentionDays;
    if (days === 0) return 0;
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    let deleted = 0;
    for (;;) {
      const oldest: { position: string; old: boolean }[] = await this.dataSource.query(
        `SELECT position, occurred_at < $1 AS old FROM rm_changes ORDER BY position LIMIT $2`,
        [cutoff, PRUNE_BATCH],
      );
      const young = oldest.findIndex((row) => !row.old);
      const doomed = young === -1 ? oldest : oldest.slice(0, young);
      if (doomed.length === 0) return deleted;
      const through = doomed.at(-1)!.position;
      await this.dataSource.transaction(async (em) => {
        await em.query(`UPDATE rm_change_log_horizon SET pruned_through = GREATEST(pruned_through, $1) WHERE id = 1`, [through]);
        await em.query(`DELETE FROM rm_changes WHERE position <= $1`, [through]);
      });
      deleted += doomed.length;
      if (young !== -1) return deleted;
    }
  }
}
