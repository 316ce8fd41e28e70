import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { RemovePushSubscriptionCommand } from './remove-push-subscription.command';

/** Unregisters one of my browsers (another user's subscription is not found, never revealed). */
@CommandHandler(RemovePushSubscriptionCommand)
export class RemovePushSubscriptionHandler implements ICommandHandler<RemovePushSubscriptionCommand> {
  constructor(private readonly subscriptions: PushSubscriptionsRepository) {}

  async execute({ principal, subscriptionId }: RemovePushSubscriptionCommand): Promise<void> {
    if (!(await this.subscriptions.remove(principal.tenantId, principal.userId, subscriptionId))) {
      throw new DomainError(ErrorCode.PUSH_SUBSCRIPTION_NOT_FOUND, 'No such push subscription');
    }
  }
}
