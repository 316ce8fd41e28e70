import { Query } from '@nestjs/cqrs';
import type { MyFeaturesResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class MyFeaturesQuery extends Query<MyFeaturesResponse> {
  constructor(readonly principal: Principal) {
    super();
  }
}
