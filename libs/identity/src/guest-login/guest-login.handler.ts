import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, type AuthResponse } from '@chat/contracts';
import { DomainError, usernameKey } from '@chat/domain';
import { isUniqueViolation, type UserEntity } from '@chat/persistence';
import { APP_CONFIG, assertText, type AppConfig } from '@chat/platform';
import { LoginIssuer } from '../auth/login-issuer';
import { NewAccounts } from '../auth/new-accounts';
import { TenantAdmins } from '../auth/tenant-admins';
import { UsersRepository } from '../auth/users.repository';
import { assertUsernameLength } from '../auth/username-rules';
import { TenantSignUp } from '../tenants/tenant-sign-up';
import { GuestLoginCommand } from './guest-login.command';

/**
 * Username-only login for small trusted installs (on by default in embedded mode): the first
 * use of a name creates a guest account, later uses log into it. Registered names stay theirs.
 */
@CommandHandler(GuestLoginCommand)
export class GuestLoginHandler implements ICommandHandler<GuestLoginCommand> {
  constructor(
    private readonly users: UsersRepository,
    private readonly logins: LoginIssuer,
    private readonly signUp: TenantSignUp,
    private readonly admins: TenantAdmins,
    private readonly newAccounts: NewAccounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ tenantId, input, client }: GuestLoginCommand): Promise<AuthResponse> {
    await this.signUp.assertGuestsAllowed(tenantId);
    assertUsernameLength(input.username, this.config);
    assertText('displayName', input.displayName, this.config.limits.displayNameMaxChars);
    if (this.admins.isNamedAdmin(tenantId, usernameKey(input.username))) {
      throw new DomainError(ErrorCode.USERNAME_TAKEN, 'This username is kept for an administrator', 'Pick another name');
    }
    const user = (await this.users.findByUsername(tenantId, input.username)) ?? (await this.createGuest(tenantId, input));
    if (!user.isGuest || user.deletedAt) {
      throw new DomainError(ErrorCode.USERNAME_TAKEN, 'This username belongs to a registered account', 'Log in with its password, or pick another name');
    }
    return this.logins.startLogin(user, client);
  }

  private async createGuest(tenantId: string, input: GuestLoginCommand['input']): Promise<UserEntity> {
    try {
      const guest = await this.users.insert({ id: uuidv7(), tenantId, username: input.username, displayName: input.displayName?.trim() || input.username, passwordHash: null, isGuest: true });
      await this.newAccounts.created({ tenantId, userId: guest.id });
      return guest;
    } catch (err) {
      // Someone took the name between our read and insert: use whoever owns it now.
      if (isUniqueViolation(err)) return (await this.users.findByUsername(tenantId, input.username))!;
      throw err;
    }
  }
}
