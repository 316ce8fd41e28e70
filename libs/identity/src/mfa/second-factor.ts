import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { UserEntity } from '@chat/persistence';
import { CLOCK, type Clock } from '@chat/platform';
import { AccountGuesses, type GuessTarget } from '../auth/account-guesses';
import { UsersRepository } from '../auth/users.repository';
import { base32Encode, matchTotp } from './totp';
import { TotpSecretSeal, TotpSecretUnreadableError, ownerOf, type OpenedTotpSecret } from './totp-secret-seal';

/** Header a client sends the one-time code in for sensitive actions (ending a login, deleting the account). */
export const MFA_CODE_HEADER = 'x-mfa-code';

/**
 * The second factor of an account with two-step login on: the authenticator app's code for the
 * current 30-second step (one either side accepted), each step accepted once, even by two
 * requests racing with the same code. Accounts without it pass.
 *
 * The shared secret is stored sealed (TotpSecretSeal). A secret stored in plaintext before sealing
 * existed (or sealed with a previous key) still works, and is sealed again the first time a code
 * for it is accepted; MfaSecretResealJob does the same at start-up for the accounts that do not
 * log in, so an old key can be retired without waiting for every one of them.
 */
@Injectable()
export class SecondFactor {
  private readonly logger = new Logger(SecondFactor.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly seal: TotpSecretSeal,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly guesses: AccountGuesses,
  ) {}

  /** A new 160-bit secret, stored sealed and pending (in force once `spend` confirms a first code); returns it in base32 for the app. */
  async enrol(user: UserEntity): Promise<string> {
    const secret = base32Encode(randomBytes(20));
    await this.users.setPendingMfaSecret(user.tenantId, user.id, this.seal.seal(secret, ownerOf(user)));
    return secret;
  }

  async assert(user: UserEntity, code: string | undefined): Promise<void> {
    if (!user.mfaEnabledAt) return;
    if (!code) throw new DomainError(ErrorCode.MFA_REQUIRED, 'This account uses two-step login', 'Send the code from your authenticator app');
    await this.spend(user, code);
  }

  /**
   * Accepts `code` for the user's secret (the enrolled one, or one being confirmed) and marks its
   * step used. Wrong codes count against the account (AccountGuesses): too many lock it for a window.
   */
  async spend(user: UserEntity, code: string): Promise<void> {
    const guess: GuessTarget = { tenantId: user.tenantId, secret: 'mfa', subject: user.id, userId: user.id, username: user.username };
    await this.guesses.admit(guess);
    const stored = user.mfaSecret!;
    const { secret, stale } = this.open(user, stored);
    const step = matchTotp(secret, code, this.clock.now(), user.mfaUsedStep);
    if (step === null || !(await this.users.useMfaStep(user.tenantId, user.id, step))) {
      await this.guesses.failed(guess);
      throw new DomainError(ErrorCode.INVALID_MFA_CODE, 'That code is wrong, expired or already used', 'Wait for the next code in your app and send it');
    }
    await this.guesses.succeeded(guess);
    if (stale) await this.users.resealMfaSecret(user.tenantId, user.id, stored, this.seal.seal(secret, ownerOf(user)));
  }

  private open(user: UserEntity, stored: string): OpenedTotpSecret {
    try {
      return this.seal.open(stored, ownerOf(user));
    } catch (error) {
      if (!(error instanceof TotpSecretUnreadableError)) throw error;
      // A key that is no longer configured (MFA_SECRET_KEY replaced without keeping the old one, or JWT_SECRET changed) locks every such account out: say so loudly.
      this.logger.error({ event: 'mfa.secret.unreadable', err: error, tenantId: user.tenantId, userId: user.id }, 'TOTP secret does not open: was the key it was sealed with dropped from MFA_SECRET_KEY and MFA_SECRET_KEYS_PREVIOUS, or (sealed before MFA_SECRET_KEY was set) did JWT_SECRET change?');
      throw new DomainError(ErrorCode.INTERNAL, 'Two-step login cannot be checked right now', 'Report the requestId to the operator', { cause: error });
    }
  }
}
