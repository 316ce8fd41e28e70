import { Query } from '@nestjs/cqrs';
import type { MeResponse } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class MeQuery extends Query<MeResponse> {
  constructor(readonly principal: Principal) {
    super();
  }
}
