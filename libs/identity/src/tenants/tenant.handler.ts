import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, type TenantResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { TenantsRepository, toTenant } from './tenants.repository';
import { TenantQuery } from './tenant.query';

@QueryHandler(TenantQuery)
export class TenantHandler implements IQueryHandler<TenantQuery> {
  constructor(private readonly tenants: TenantsRepository) {}

  async execute({ principal }: TenantQuery): Promise<TenantResponse> {
    const tenant = await this.tenants.findById(principal.tenantId);
    if (!tenant) throw new DomainError(ErrorCode.TENANT_NOT_FOUND, 'Your tenant no longer exists');
    return { tenant: toTenant(tenant) };
  }
}
