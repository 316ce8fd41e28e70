import { Command } from '@nestjs/cqrs';
import type { Principal } from '@chat/identity';

export class LiftAccountBanCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly userId: string,
  ) {
    super();
  }
}
