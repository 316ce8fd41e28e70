import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { UserEntity } from '@chat/persistence';
import { CLOCK, type Clock } from '@chat/platform';
import { UsersRepository } from '../auth/users.repository';
import { matchTotp } from './totp';

/** Header a client sends the one-time code in for sensitive actions (ending a login, deleting the account). */
export const MFA_CODE_HEADER = 'x-mfa-code';

/**
 * The second factor of an account with two-step login on: the authenticator app's code for the
 * current 30-second step (one either side accepted), each step accepted once, even by two
 * requests racing with the same code. Accounts without it pass.
 */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly users: UsersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async assert(user: UserEntity, code: string | undefined): Promise<void> {
    if (!user.mfaEnabledAt) return;
    if (!code) throw new DomainError(ErrorCode.MFA_REQUIRED, 'This account uses two-step login', 'Send the code from your authenticator app');
    await this.spend(user, user.mfaSecret!, code);
  }

  /** Accepts `code` for `secret` (the enrolled one, or one being confirmed) and marks its step used. */
  async spend(user: UserEntity, secret: string, code: string): Promise<void> {
    const step = matchTotp(secret, code, this.clock.now(), user.mfaUsedStep);
    if (step === null || !(await this.users.useMfaStep(user.tenantId, user.id, step))) {
      throw new DomainError(ErrorCode.INVALID_MFA_CODE, 'That code is wrong, expired or already used', 'Wait for the next code in your app and send it');
    }
  }
}
