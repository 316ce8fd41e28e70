import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicJob, inBatches } from '@chat/platform';

/** Applied event ids are remembered this long: longer than any redelivery (outbox retention, broker retention). */
export const INBOX_RETENTION_DAYS = 14;
const PRUNE_INTERVAL_MS = 3_600_000;
/** Ids deleted per statement: an hour of a busy deployment's events is millions, too many for one transaction. */
const PRUNE_BATCH = 5_000;

/** Forgets the read model's applied event ids (`rm_inbox`) older than INBOX_RETENTION_DAYS, hourly, by `applied_at`'s index. */
@Injectable()
export class InboxRetention extends PeriodicJob {
  constructor(private readonly dataSource: DataSource) {
    super(PRUNE_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.prune();
  }

  /** Deletes what is past retention; answers how many ids went. */
  prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - INBOX_RETENTION_DAYS * 86_400_000);
    return inBatches(PRUNE_BATCH, async () => {
      const [, deleted] = await this.dataSource.query(
        `DELETE FROM rm_inbox WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM rm_inbox WHERE applied_at < $1 LIMIT $2)`,
        [cutoff, PRUNE_BATCH],
      );
      return deleted;
    });
  }
}
