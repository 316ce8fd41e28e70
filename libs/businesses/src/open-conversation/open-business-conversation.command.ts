import { Command } from '@nestjs/cqrs';
import type { BusinessConversation } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** `created` is false when the customer's conversation with the business existed already. */
export class OpenBusinessConversationCommand extends Command<{ businessConversation: BusinessConversation; created: boolean }> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
  ) {
    super();
  }
}
