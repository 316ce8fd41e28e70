import { Query } from '@nestjs/cqrs';
import type { ReadPointersResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListReadPointersQuery extends Query<ReadPointersResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
  ) {
    super();
  }
}
