import { Query } from '@nestjs/cqrs';
import type { User } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class MeQuery extends Query<User> {
  constructor(readonly principal: Principal) {
    super();
  }
}
