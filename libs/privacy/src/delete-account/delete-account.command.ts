import { Command } from '@nestjs/cqrs';
import type { Principal } from '@chat/identity';

export class DeleteAccountCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly password: string | undefined,
    readonly mfaCode: string | undefined,
  ) {
    super();
  }
}
