import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CostReportResponse, TenantCostLine, TenantCostsResponse } from '@chat/contracts';
import { TenantAdmins } from '@chat/identity';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { NO_USAGE, addUsage, pricesOf, priceUsage } from './cost-arithmetic';
import { CostReportQuery, TenantCostsQuery } from './cost-report.query';
import { CostReportRepository } from './cost-report.repository';
import { reportRange } from './report-range';

/** Every tenant's usage and costs over the range, most expensive first, with the drift flagged in it. */
@QueryHandler(CostReportQuery)
export class CostReportHandler implements IQueryHandler<CostReportQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly reports: CostReportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, range }: CostReportQuery): Promise<CostReportResponse> {
    await this.admins.assertPlatformOperator(principal);
    const { from, to } = reportRange(range, this.config.costs.reportMaxDays);
    const prices = pricesOf(this.config.costs);
    const rows = await this.reports.usageBetween(from, to, null);
    const tenants: TenantCostLine[] = rows
      .map((row) => ({ ...row, cost: priceUsage(row.usage, prices) }))
      .sort((a, b) => b.cost.total - a.cost.total || a.slug.localeCompare(b.slug));
    // Pricing is linear, so the sum of the usages priced once is the sum of the costs (rounded once).
    const total = priceUsage(rows.reduce((sum, row) => addUsage(sum, row.usage), NO_USAGE), prices);
    return { from, to, prices, tenants, total, drift: await this.reports.driftBetween(from, to, null) };
  }
}

/** The caller's tenant's usage and costs over the range, and the drift flagged for it. */
@QueryHandler(TenantCostsQuery)
export class TenantCostsHandler implements IQueryHandler<TenantCostsQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly reports: CostReportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, range }: TenantCostsQuery): Promise<TenantCostsResponse> {
    await this.admins.assertAdmin(principal);
    const { from, to } = reportRange(range, this.config.costs.reportMaxDays);
    const prices = pricesOf(this.config.costs);
    const [row] = await this.reports.usageBetween(from, to, principal.tenantId);
    const drift = await this.reports.driftBetween(from, to, principal.tenantId);
    return { from, to, prices, ...row, cost: priceUsage(row.usage, prices), drift };
  }
}
