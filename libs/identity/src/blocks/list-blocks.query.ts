import { Query } from '@nestjs/cqrs';
import type { BlocksQuery, BlocksResponse } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class ListBlocksQuery extends Query<BlocksResponse> {
  constructor(
    readonly principal: Principal,
    readonly page: BlocksQuery,
  ) {
    super();
  }
}
