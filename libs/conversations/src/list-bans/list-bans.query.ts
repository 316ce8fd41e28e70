import { Query } from '@nestjs/cqrs';
import type { BansQuery, BansResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListBansQuery extends Query<BansResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly page: BansQuery,
  ) {
    super();
  }
}
