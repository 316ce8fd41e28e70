import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, every, inBatches, type AppConfig } from '@chat/platform';
import { AuditLogRepository } from '../audit-log.repository';

const PRUNE_INTERVAL_MS = 3_600_000;
/** Entries deleted per statement, so a prune never holds a long transaction. */
const PRUNE_BATCH = 5_000;

/** Deletes entries older than AUDIT_RETENTION_DAYS (0 keeps them forever), hourly where the log is recorded. */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private stop: (() => Promise<void>) | null = null;

  constructor(
    private readonly auditLog: AuditLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.audit.retentionDays === 0) return;
    this.stop = every(PRUNE_INTERVAL_MS, AuditRetention.name, async () => {
      await this.prune();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop?.();
  }

  /** Deletes what is past retention; answers how many entries went. */
  async prune(now = new Date()): Promise<number> {
    const days = this.config.audit.retentionDays;
    if (days === 0) return 0;
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    return inBatches(PRUNE_BATCH, () => this.auditLog.prune(cutoff, PRUNE_BATCH));
  }
}
