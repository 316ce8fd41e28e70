import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, CLOCK, FlushingJob, type AppConfig, type Clock } from '@chat/platform';
import { TenantUsageRepository, utcDay } from './tenant-usage.repository';
import { UsageMeter } from './usage-meter';

/**
 * Adds this node's metered usage to `tenant_usage_daily` every USAGE_FLUSH_SECONDS and once more
 * before shutdown (before the pool closes). A failed write gives its counts back to the meter for
 * the next flush. Usage is filed under the UTC day of the flush, so up to one interval of a
 * socket's time may land on the next day.
 */
@Injectable()
export class UsageFlusher extends FlushingJob {
  constructor(
    private readonly meter: UsageMeter,
    private readonly usage: TenantUsageRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(config.costs.flushMs, 'Usage not flushed at shutdown: it is lost');
  }

  /** Writes what was metered since the last flush. */
  override async flush(): Promise<void> {
    const deltas = this.meter.drain();
    if (deltas.size === 0) return;
    try {
      await this.usage.add(utcDay(this.clock.now()), deltas);
    } catch (err) {
      this.meter.restore(deltas);
      throw err;
    }
  }
}
