import { Command } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal';

export class RevokeSessionCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly sessionId: string,
    readonly mfaCode: string | undefined,
  ) {
    super();
  }
}
