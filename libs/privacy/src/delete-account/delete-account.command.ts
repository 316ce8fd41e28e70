import { Command } from '@nestjs/cqrs';
import type { Principal } from '@chat/identity';

export class DeleteAccountCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly password: string | undefined,
    readonly mfaCode: string | undefined,
    /** The client's address: a wrong password is counted as a guess from it. */
    readonly address: string | null,
  ) {
    super();
  }
}
