import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, type AuthResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { isUniqueViolation } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { assertNewAccount } from '../auth/account-rules';
import { LoginIssuer } from '../auth/login-issuer';
import { NewAccounts } from '../auth/new-accounts';
import { PasswordHasher } from '../auth/password-hasher';
import { UsersRepository } from '../auth/users.repository';
import { TenantSignUp } from '../tenants/tenant-sign-up';
import { RegisterCommand } from './register.command';

@CommandHandler(RegisterCommand)
export class RegisterHandler implements ICommandHandler<RegisterCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly logins: LoginIssuer,
    private readonly signUp: TenantSignUp,
    private readonly newAccounts: NewAccounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ tenantId, input, client }: RegisterCommand): Promise<AuthResponse> {
    assertNewAccount(input, this.config);
    await this.signUp.assertRegistrationOpen(tenantId);
    try {
      const user = await this.users.insert({
        id: uuidv7(),
        tenantId,
        username: input.username,
        displayName: input.displayName.trim() || input.username,
        passwordHash: await this.hasher.hash(input.password),
        isGuest: false,
      });
      await this.newAccounts.created({ tenantId, userId: user.id });
      return await this.logins.startLogin(user, client);
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError(ErrorCode.USERNAME_TAKEN, 'This username is taken', 'Pick another username', { cause: err });
      throw err;
    }
  }
}
