import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isOpenAt } from '@chat/domain';
import { exclusivePass } from '@chat/persistence';
import { APP_CONFIG, CLOCK, PeriodicJob, type AppConfig, type Clock } from '@chat/platform';
import { BusinessesRepository } from '../shared/businesses.repository';
import { WaitingRouting } from './waiting-routing';

/** One replica at a time; the others skip the pass. */
const LOCK_KEY = 'business-waiting-routing';
/** Businesses read per query. */
const PAGE = 200;

/**
 * Every BUSINESS_ROUTING_INTERVAL_SECONDS where commands run: each open business with an agent and
 * a conversation waiting unassigned, open now by its hours, has them routed (WaitingRouting). This
 * is what picks them up when a business's hours begin, which no request marks. A session advisory
 * lock lets one replica run a pass while the others skip it; two passes would still be safe, since
 * each business is routed with its row locked and only unassigned rows move.
 */
@Injectable()
export class WaitingRoutingJob extends PeriodicJob {
  private readonly logger = new Logger(WaitingRoutingJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly businesses: BusinessesRepository,
    private readonly waiting: WaitingRouting,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    // Off when BUSINESS_ROUTING_INTERVAL_SECONDS is 0.
    super(config.businesses.routingIntervalMs > 0 ? config.businesses.routingIntervalMs : null);
  }

  protected override runOnce(): Promise<unknown> {
    return this.run();
  }

  /** One pass now: how many conversations got an agent; null when another replica is running one. */
  run(): Promise<number | null> {
    return exclusivePass(this.dataSource, LOCK_KEY, () => this.pass());
  }

  private async pass(): Promise<number> {
    let routed = 0;
    let afterId: string | null = null;
    for (;;) {
      const page = await this.businesses.withWaiting(afterId, PAGE);
      for (const business of page) {
        if (!isOpenAt(business.hours, new Date(this.clock.now()))) continue;
        try {
          routed += await this.waiting.route(business.tenantId, business.id);
        } catch (err) {
          this.logger.warn({ err, tenantId: business.tenantId, businessId: business.id }, 'Routing a business’s waiting conversations failed; the next pass tries again');
        }
      }
      if (page.length < PAGE) break;
      afterId = page.at(-1)!.id;
    }
    if (routed > 0) this.logger.log({ event: 'business.waiting.routed', routed }, `Routed ${routed} waiting business conversation(s)`);
    return routed;
  }
}
