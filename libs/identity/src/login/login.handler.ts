import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type AuthResponse } from '@chat/contracts';
import { DomainError, usernameKey } from '@chat/domain';
import { AccountGuesses, type GuessTarget } from '../auth/account-guesses';
import { LoginChallenges } from '../auth/login-challenges';
import { LoginIssuer } from '../auth/login-issuer';
import { PasswordHasher } from '../auth/password-hasher';
import { UsersRepository } from '../auth/users.repository';
import { SecondFactor } from '../mfa/second-factor';
import { LoginCommand } from './login.command';

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  private readonly logger = new Logger(LoginHandler.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly logins: LoginIssuer,
    private readonly secondFactor: SecondFactor,
    private readonly guesses: AccountGuesses,
    private readonly challenges: LoginChallenges,
  ) {}

  async execute({ tenantId, input, client }: LoginCommand): Promise<AuthResponse> {
    // Counted by the name tried and the address it comes from, before anything is looked up: a name nobody has is locked the same way.
    const guess: GuessTarget = { tenantId, secret: 'password', subject: usernameKey(input.username), address: client.ip, username: input.username };
    await this.guesses.admit(guess);
    // After failures, a challenge first (seed 003 R11.6): a script pays for each guess; a refused one is no guess.
    if ((await this.guesses.challengeDue(guess)) && !(await this.challenges.passed(input.challenge))) throw this.challenges.required();
    const user = await this.users.findByUsername(tenantId, input.username);
    const valid = user?.passwordHash ? await this.hasher.verify(user.passwordHash, input.password) : (await this.hasher.burnTime(input.password), false);
    if (!user || !valid) {
      this.logger.warn({ event: 'login.failed' }, 'Login failed');
      await this.guesses.failed({ ...guess, userId: user?.id ?? null });
      // One answer for unknown user and wrong password: the response does not reveal which usernames exist.
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password', 'Check both and retry');
    }
    await this.guesses.succeeded(guess);
    await this.secondFactor.assert(user, input.mfaCode);
    this.logger.log({ event: 'login.succeeded', userId: user.id }, 'Login succeeded');
    return this.logins.startLogin(user, client);
  }
}
