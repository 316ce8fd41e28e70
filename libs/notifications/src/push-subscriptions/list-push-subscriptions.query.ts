import { Query } from '@nestjs/cqrs';
import type { PushSubscriptionView } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListPushSubscriptionsQuery extends Query<PushSubscriptionView[]> {
  constructor(readonly principal: Principal) {
    super();
  }
}
