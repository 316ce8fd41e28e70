import { Query } from '@nestjs/cqrs';
import type { DeadLettersResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** GET /v1/admin/dead-letters?group=&limit=: pending dead letters, for platform operators (the query is checked by the handler). */
export class ListDeadLettersQuery extends Query<DeadLettersResponse> {
  constructor(
    readonly principal: Principal,
    readonly query: { group?: unknown; limit?: unknown },
  ) {
    super();
  }
}
