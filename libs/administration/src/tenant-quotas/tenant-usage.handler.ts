import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { TenantUsageResponse } from '@chat/contracts';
import { TenantAdmins } from '@chat/identity';
import { TenantQuotas } from '@chat/tenancy';
import { TenantUsageQuery } from './tenant-usage.query';

/** Each quota of the caller's tenant: its limit, where the limit comes from, and the use now. */
@QueryHandler(TenantUsageQuery)
export class TenantUsageHandler implements IQueryHandler<TenantUsageQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly quotas: TenantQuotas,
  ) {}

  async execute({ principal }: TenantUsageQuery): Promise<TenantUsageResponse> {
    await this.admins.assertAdmin(principal);
    return this.quotas.usage(principal.tenantId);
  }
}
