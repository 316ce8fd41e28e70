import { Command } from '@nestjs/cqrs';
import type { BusinessConversation } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** `agentId` absent: the caller claims it. */
export class AssignConversationCommand extends Command<BusinessConversation> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
    readonly conversationId: string,
    readonly agentId: string | undefined,
  ) {
    super();
  }
}
