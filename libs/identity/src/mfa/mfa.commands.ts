import { Command } from '@nestjs/cqrs';
import type { MfaEnrolment } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class EnrolMfaCommand extends Command<MfaEnrolment> {
  constructor(readonly principal: Principal) {
    super();
  }
}

export class ConfirmMfaCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly code: string,
  ) {
    super();
  }
}

export class DisableMfaCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly code: string | undefined,
  ) {
    super();
  }
}
