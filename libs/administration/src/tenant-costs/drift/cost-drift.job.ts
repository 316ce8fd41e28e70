import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, CLOCK, every, type AppConfig, type Clock } from '@chat/platform';
import { TenantUsageRepository, utcDay } from '@chat/tenancy';
import { pricesOf, priceUsage } from '../cost-arithmetic';
import { CostReportRepository } from '../cost-report.repository';
import { CostDriftMetrics } from './cost-drift.metrics';
import { driftOf, type DriftVerdict } from './drift-rule';

const DAY_MS = 86_400_000;
/** The first run after a start: restarts more often than COST_DRIFT_INTERVAL_SECONDS must not starve the job. */
const FIRST_RUN_DELAY_MS = 60_000;
/** One runner at a time across every replica that runs the job. */
const LOCK_KEY = 'tenant-cost-drift';

export interface DriftRun {
  /** Whether this node ran it (false: another replica held the lock). */
  ran: boolean;
  day: string;
  flagged: DriftVerdict[];
}

/**
 * The automated cost report (seed 003 R19.3), every COST_DRIFT_INTERVAL_SECONDS: snapshots each
 * tenant's storage for today, then judges the last complete UTC day of every tenant against its
 * COST_DRIFT_WINDOW_DAYS before (drift-rule.ts), records the flagged tenants in
 * `tenant_cost_drift` (the cost reports show them) and logs the verdict as one structured line.
 * A transaction-scoped advisory lock lets one replica run it while the others skip; a rerun
 * judges the same day again and replaces its findings. Every replica's gauge shows the count
 * flagged for the day, read from the table.
 */
@Injectable()
export class CostDriftJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CostDriftJob.name);
  private stop: (() => Promise<void>) | null = null;
  private firstRun: NodeJS.Timeout | undefined;
  private firstPass: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: CostReportRepository,
    private readonly usage: TenantUsageRepository,
    private readonly metrics: CostDriftMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const pass = async () => void (await this.run());
    this.firstRun = setTimeout(() => {
      this.firstPass = pass().catch((err) => this.logger.warn({ err }, 'Cost drift run failed; retrying at the next interval'));
    }, FIRST_RUN_DELAY_MS).unref();
    this.stop = every(this.config.costs.driftIntervalMs, CostDriftJob.name, pass);
  }

  /** Stops the schedule and waits for a run in progress, before the pool it uses closes. */
  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.firstRun);
    await Promise.all([this.stop?.(), this.firstPass]);
  }

  /** One run now (the clock's now): what it judged, or that another replica was running it. */
  async run(): Promise<DriftRun> {
    const now = this.clock.now();
    const day = utcDay(now - DAY_MS);
    const run = await this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [LOCK_KEY]);
      if (!locked) return { ran: false, day, flagged: [] };
      await this.usage.snapshotStorage(utcDay(now), em);
      const flagged = await this.judge(em, day);
      await this.reports.replaceDrift(em, day, flagged);
      return { ran: true, day, flagged };
    });
    if (run.ran) this.report(run);
    this.metrics.driftingTenants.set(await this.reports.driftCountOn(day));
    return run;
  }

  private async judge(em: Pick<DataSource, 'query'>, day: string): Promise<DriftVerdict[]> {
    const { driftWindowDays, driftRatio } = this.config.costs;
    const prices = pricesOf(this.config.costs);
    const rows = await this.reports.daily(utcDay(Date.parse(day) - driftWindowDays * DAY_MS), day, em);
    const byTenant = new Map<string, { cost: number; trailing: number[] }>();
    for (const row of rows) {
      const costs = byTenant.get(row.tenantId) ?? { cost: 0, trailing: [] };
      byTenant.set(row.tenantId, costs);
      const cost = priceUsage(row.usage, prices).total;
      if (row.day === day) costs.cost = cost;
      else costs.trailing.push(cost);
    }
    return [...byTenant].map(([tenantId, costs]) => driftOf({ tenantId, ...costs }, driftRatio)).filter((v): v is DriftVerdict => v !== null);
  }

  private report({ day, flagged }: DriftRun): void {
    const { currency, driftRatio: ratio, driftWindowDays: windowDays } = this.config.costs;
    const line = { event: 'tenant.cost.drift', day, currency, ratio, windowDays, flagged };
    if (flagged.length) this.logger.warn(line, `Cost drift: ${flagged.length} tenant(s) cost at least ${ratio}x their trailing average on ${day}`);
    else this.logger.log(line, `Cost drift: no tenant drifted on ${day}`);
  }
}
