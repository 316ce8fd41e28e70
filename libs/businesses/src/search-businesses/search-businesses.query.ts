import { Query } from '@nestjs/cqrs';
import type { BusinessSearchQuery, BusinessSearchResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class SearchBusinessesQuery extends Query<BusinessSearchResponse> {
  constructor(
    readonly principal: Principal,
    readonly request: BusinessSearchQuery,
  ) {
    super();
  }
}
