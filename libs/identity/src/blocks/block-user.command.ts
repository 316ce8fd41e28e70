import { Command } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal';

/** `PUT /v1/me/blocks/:userId`. */
export class BlockUserCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly userId: string,
  ) {
    super();
  }
}

/** `DELETE /v1/me/blocks/:userId`. */
export class UnblockUserCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly userId: string,
  ) {
    super();
  }
}
