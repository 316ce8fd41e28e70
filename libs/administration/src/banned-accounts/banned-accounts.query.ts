import { Query } from '@nestjs/cqrs';
import type { BannedAccountsResponse, BansQuery } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class BannedAccountsQuery extends Query<BannedAccountsResponse> {
  constructor(
    readonly principal: Principal,
    readonly page: BansQuery,
  ) {
    super();
  }
}
