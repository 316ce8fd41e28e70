import { Body, Controller, Get, Param, ParseUUIDPipe, Put, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Audited } from '@chat/audit';
import { TENANT_QUOTA_NAMES, type TenantQuotasResponse, type TenantUsageResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { SetTenantQuotasCommand } from './set-tenant-quotas.command';
import { TenantUsageQuery } from './tenant-usage.query';

/** Tenant quotas (see @chat/contracts tenant-quotas.ts): the tenant's usage for its administrators, overrides for platform operators. */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1')
export class TenantQuotasController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('tenant/usage')
  usage(@CurrentPrincipal() p: Principal): Promise<TenantUsageResponse> {
    return this.queries.execute(new TenantUsageQuery(p));
  }

  @Put('admin/tenants/:tenantId/quotas')
  @Audited({ action: 'admin.quotas.update', detailsOf: quotasAsked })
  setQuotas(@CurrentPrincipal() p: Principal, @Param('tenantId', new ParseUUIDPipe()) tenantId: string, @Body() body: unknown): Promise<TenantQuotasResponse> {
    return this.commands.execute(new SetTenantQuotasCommand(p, tenantId, body));
  }
}

/** The tenant and the overrides asked for, as sent (the handler validates them; a refusal keeps what was refused). */
function quotasAsked(req: Request): Record<string, unknown> {
  const asked = (req.body ?? {}) as Record<string, unknown>;
  return { tenantId: req.params.tenantId, ...Object.fromEntries(TENANT_QUOTA_NAMES.map((name) => [name, asked[name]])) };
}
