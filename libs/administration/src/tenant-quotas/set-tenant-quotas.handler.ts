import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type TenantQuotasResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { TenantAdmins } from '@chat/identity';
import { effectiveLimits } from '@chat/platform';
import { TenantQuotas } from '@chat/tenancy';
import { parseQuotaOverrides } from './quota-overrides';
import { SetTenantQuotasCommand } from './set-tenant-quotas.command';

/**
 * Platform operators (administrators of the default tenant) set any tenant's quota overrides.
 * They apply at once on this node and within TENANT_QUOTA_CACHE_SECONDS on the others.
 */
@CommandHandler(SetTenantQuotasCommand)
export class SetTenantQuotasHandler implements ICommandHandler<SetTenantQuotasCommand> {
  private readonly logger = new Logger(SetTenantQuotasHandler.name);

  constructor(
    private readonly admins: TenantAdmins,
    private readonly quotas: TenantQuotas,
  ) {}

  async execute({ principal, tenantId, body }: SetTenantQuotasCommand): Promise<TenantQuotasResponse> {
    await this.admins.assertPlatformOperator(principal);
    const overrides = parseQuotaOverrides(body);
    if (!(await this.quotas.setOverrides(tenantId, overrides))) throw new DomainError(ErrorCode.TENANT_NOT_FOUND, 'No such tenant', 'Check the tenant id');
    this.logger.log({ event: 'tenant.quotas.set', tenantId, overrides, by: principal.userId }, 'Tenant quotas changed');
    return { tenantId, overrides, limits: effectiveLimits(this.quotas.defaults, overrides) };
  }
}
