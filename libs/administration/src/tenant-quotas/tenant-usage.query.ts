import { Query } from '@nestjs/cqrs';
import type { TenantUsageResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** GET /v1/tenant/usage: the caller's tenant, for its administrators. */
export class TenantUsageQuery extends Query<TenantUsageResponse> {
  constructor(readonly principal: Principal) {
    super();
  }
}
