import { Query } from '@nestjs/cqrs';
import type { LoginSession } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class ListSessionsQuery extends Query<LoginSession[]> {
  constructor(readonly principal: Principal) {
    super();
  }
}
