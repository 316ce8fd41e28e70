import { Query } from '@nestjs/cqrs';
import type { TenantReportsQuery as TenantReportsFilter, TenantReportsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class TenantReportsQuery extends Query<TenantReportsResponse> {
  constructor(
    readonly principal: Principal,
    readonly filter: TenantReportsFilter,
  ) {
    super();
  }
}
