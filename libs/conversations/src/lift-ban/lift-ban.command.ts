import { Command } from '@nestjs/cqrs';
import type { Principal } from '@chat/identity';

export class LiftBanCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly userId: string,
  ) {
    super();
  }
}
