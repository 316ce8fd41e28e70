import { Command } from '@nestjs/cqrs';
import type { BusinessConversation } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ResolveConversationCommand extends Command<BusinessConversation> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
    readonly conversationId: string,
  ) {
    super();
  }
}
