import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PushSubscriptionView } from '@chat/contracts';
import { ListPushSubscriptionsQuery } from './list-push-subscriptions.query';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';

@QueryHandler(ListPushSubscriptionsQuery)
export class ListPushSubscriptionsHandler implements IQueryHandler<ListPushSubscriptionsQuery> {
  constructor(private readonly subscriptions: PushSubscriptionsRepository) {}

  execute({ principal }: ListPushSubscriptionsQuery): Promise<PushSubscriptionView[]> {
    return this.subscriptions.list(principal.tenantId, principal.userId);
  }
}
