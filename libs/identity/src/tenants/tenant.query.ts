import { Query } from '@nestjs/cqrs';
import type { TenantResponse } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class TenantQuery extends Query<TenantResponse> {
  constructor(readonly principal: Principal) {
    super();
  }
}
