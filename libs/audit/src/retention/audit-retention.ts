import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, PeriodicJob, inBatches, type AppConfig } from '@chat/platform';
import { AuditLogRepository } from '../audit-log.repository';

const PRUNE_INTERVAL_MS = 3_600_000;
/** Entries deleted per statement, so a prune never holds a long transaction. */
const PRUNE_BATCH = 5_000;

/** Deletes entries older than AUDIT_RETENTION_DAYS (0 keeps them forever), hourly where the log is recorded. */
@Injectable()
export class AuditRetention extends PeriodicJob {
  constructor(
    private readonly auditLog: AuditLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Off while AUDIT_RETENTION_DAYS is 0.
    super(config.audit.retentionDays === 0 ? null : PRUNE_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.prune();
  }

  /** Deletes what is past retention; answers how many entries went. */
  async prune(now = new Date()): Promise<number> {
    const days = this.config.audit.retentionDays;
    if (days === 0) return 0;
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    return inBatches(PRUNE_BATCH, () => this.auditLog.prune(cutoff, PRUNE_BATCH));
  }
}
