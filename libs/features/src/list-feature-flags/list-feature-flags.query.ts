import { Query } from '@nestjs/cqrs';
import type { FeatureFlagsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListFeatureFlagsQuery extends Query<FeatureFlagsResponse> {
  constructor(readonly principal: Principal) {
    super();
  }
}
