import { Query } from '@nestjs/cqrs';
import type { PinsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListPinsQuery extends Query<PinsResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
  ) {
    super();
  }
}
