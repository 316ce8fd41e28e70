import { Command } from '@nestjs/cqrs';
import type { TenantQuotasResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** PUT /v1/admin/tenants/:tenantId/quotas: a platform operator sets a tenant's overrides (the body is checked by the handler). */
export class SetTenantQuotasCommand extends Command<TenantQuotasResponse> {
  constructor(
    readonly principal: Principal,
    readonly tenantId: string,
    readonly body: unknown,
  ) {
    super();
  }
}
