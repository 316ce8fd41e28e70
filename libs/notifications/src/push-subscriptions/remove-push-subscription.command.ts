import { Command } from '@nestjs/cqrs';
import type { Principal } from '@chat/identity';

export class RemovePushSubscriptionCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly subscriptionId: string,
  ) {
    super();
  }
}
