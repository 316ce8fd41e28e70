import { Query } from '@nestjs/cqrs';
import type { Business } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class GetBusinessQuery extends Query<Business> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
  ) {
    super();
  }
}
