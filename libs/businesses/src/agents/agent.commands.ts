import { Command } from '@nestjs/cqrs';
import type { Business } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class AddAgentCommand extends Command<Business> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
    readonly userId: string,
  ) {
    super();
  }
}

export class RemoveAgentCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
    readonly userId: string,
  ) {
    super();
  }
}
