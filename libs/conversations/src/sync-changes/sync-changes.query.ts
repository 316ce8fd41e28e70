import { Query } from '@nestjs/cqrs';
import type { SyncResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class SyncChangesQuery extends Query<SyncResponse> {
  constructor(
    readonly principal: Principal,
    readonly since: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}
