import { Command } from '@nestjs/cqrs';
import type { Principal } from '@chat/identity';

export class DeleteMessageCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly messageId: string,
  ) {
    super();
  }
}
