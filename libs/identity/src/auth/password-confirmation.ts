import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { UserEntity } from '@chat/persistence';
import { AccountGuesses, type GuessTarget } from './account-guesses';
import { PasswordHasher } from './password-hasher';

/**
 * The password asked of someone already logged in before an act a stolen access token alone must
 * not be enough for (deleting the account). Each wrong one is a guess like a failed login's
 * (AccountGuesses, same counts and locks): otherwise the act's answer would be a way to try
 * passwords without limit, for whoever holds the token.
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly guesses: AccountGuesses,
  ) {}

  /** Refuses 401 INVALID_CREDENTIALS unless `password` is the account's (429 while its guesses are locked); an account without a password has nothing to confirm. */
  async assert(user: UserEntity, password: string | undefined, address: string | null): Promise<void> {
    if (!user.passwordHash) return;
    const guess: GuessTarget = { tenantId: user.tenantId, secret: 'password', subject: user.usernameKey, address, userId: user.id, username: user.username };
    await this.guesses.admit(guess);
    if (!(password && (await this.hasher.verify(user.passwordHash, password)))) {
      await this.guesses.failed(guess);
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The password is wrong', 'This needs your account’s password');
    }
    await this.guesses.succeeded(guess);
  }
}
