import { Query } from '@nestjs/cqrs';
import type { PublicChannelsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListPublicChannelsQuery extends Query<PublicChannelsResponse> {
  constructor(
    readonly principal: Principal,
    readonly search: string | null,
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}
