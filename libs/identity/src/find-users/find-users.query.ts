import { Query } from '@nestjs/cqrs';
import type { FindUsersQuery as FindUsersRequest, User } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class FindUsersQuery extends Query<User[]> {
  constructor(
    readonly principal: Principal,
    readonly request: FindUsersRequest,
  ) {
    super();
  }
}
