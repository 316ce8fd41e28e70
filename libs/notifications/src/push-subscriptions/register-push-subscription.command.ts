import { Command } from '@nestjs/cqrs';
import type { PushSubscriptionRequest, PushSubscriptionView } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class RegisterPushSubscriptionCommand extends Command<{ subscription: PushSubscriptionView; created: boolean }> {
  constructor(
    readonly principal: Principal,
    readonly request: PushSubscriptionRequest,
  ) {
    super();
  }
}
