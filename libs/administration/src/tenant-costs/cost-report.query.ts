import { Query } from '@nestjs/cqrs';
import type { CostReportResponse, TenantCostsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** GET /v1/admin/cost-report?from=&to=: every tenant's costs, for platform operators (the range is checked by the handler). */
export class CostReportQuery extends Query<CostReportResponse> {
  constructor(
    readonly principal: Principal,
    readonly range: { from?: unknown; to?: unknown },
  ) {
    super();
  }
}

/** GET /v1/tenant/costs?from=&to=: the caller's tenant, for its administrators. */
export class TenantCostsQuery extends Query<TenantCostsResponse> {
  constructor(
    readonly principal: Principal,
    readonly range: { from?: unknown; to?: unknown },
  ) {
    super();
  }
}
