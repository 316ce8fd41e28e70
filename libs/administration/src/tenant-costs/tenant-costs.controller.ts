import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CostReportResponse, TenantCostsResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { CostReportQuery, TenantCostsQuery } from './cost-report.query';

/** Per-tenant infrastructure costs (see @chat/contracts tenant-costs.ts): all tenants for platform operators, one's own for tenant administrators. */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1')
export class TenantCostsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('admin/cost-report')
  report(@CurrentPrincipal() p: Principal, @Query('from') from: unknown, @Query('to') to: unknown): Promise<CostReportResponse> {
    return this.queries.execute(new CostReportQuery(p, { from, to }));
  }

  @Get('tenant/costs')
  costs(@CurrentPrincipal() p: Principal, @Query('from') from: unknown, @Query('to') to: unknown): Promise<TenantCostsResponse> {
    return this.queries.execute(new TenantCostsQuery(p, { from, to }));
  }
}
