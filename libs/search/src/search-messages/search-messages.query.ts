import { Query } from '@nestjs/cqrs';
import type { SearchResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { SearchMessagesDto } from './search-messages.dto';

export class SearchMessagesQuery extends Query<SearchResponse> {
  constructor(
    readonly principal: Principal,
    readonly request: SearchMessagesDto,
  ) {
    super();
  }
}
