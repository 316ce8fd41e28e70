import { Command } from '@nestjs/cqrs';
import type { Principal } from '@chat/identity';

export class LeaveConversationCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
  ) {
    super();
  }
}
