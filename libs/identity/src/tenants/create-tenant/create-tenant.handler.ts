import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, type CreateTenantResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { isUniqueViolation } from '@chat/persistence';
import { APP_CONFIG, ValidationError, assertText, type AppConfig } from '@chat/platform';
import { assertNewAccount } from '../../auth/account-rules';
import { LoginIssuer } from '../../auth/login-issuer';
import { NewAccounts } from '../../auth/new-accounts';
import { PasswordHasher } from '../../auth/password-hasher';
import { TenantAdmins } from '../../auth/tenant-admins';
import { UsersRepository } from '../../auth/users.repository';
import { TenantsRepository, toTenant } from '../tenants.repository';
import { CreateTenantCommand } from './create-tenant.command';

/**
 * A tenant and its first administrator, created together (neither exists without the other), then
 * logged in. The administrator is a new account like any other (NewAccounts): they found the
 * tenant's default channels, rather than its first registering user.
 */
@CommandHandler(CreateTenantCommand)
export class CreateTenantHandler implements ICommandHandler<CreateTenantCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly admins: TenantAdmins,
    private readonly hasher: PasswordHasher,
    private readonly logins: LoginIssuer,
    private readonly newAccounts: NewAccounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input, caller, client }: CreateTenantCommand): Promise<CreateTenantResponse> {
    const { mode, selfService, nameMaxChars } = this.config.tenancy;
    if (mode !== 'multi') throw new DomainError(ErrorCode.TENANCY_DISABLED, 'This server runs a single tenant', 'An operator sets TENANCY_MODE=multi to host several');
    if (!selfService) {
      if (!caller) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Only operators of this server may create tenants', 'Send an operator\'s access token');
      await this.admins.assertPlatformOperator(caller);
    }
    const name = input.name.trim();
    if (!name) throw new ValidationError([{ field: 'name', problem: 'must not be empty' }]);
    assertText('name', name, nameMaxChars);
    assertNewAccount(input.admin, this.config, 'admin.');
    const passwordHash = await this.hasher.hash(input.admin.password);
    const { tenant, admin } = await this.createTogether({ ...input, name }, passwordHash);
    await this.newAccounts.created({ tenantId: tenant.id, userId: admin.id });
    return { tenant: toTenant(tenant), auth: await this.logins.startLogin(admin, client) };
  }

  /** `input.name` comes trimmed. */
  private async createTogether(input: CreateTenantCommand['input'], passwordHash: string) {
    try {
      return await this.dataSource.transaction(async (em) => {
        // No guests until its administrators want them: a guest needs nothing but the tenant's name.
        const tenant = await this.tenants.insert(em, { id: uuidv7(), slug: input.slug, name: input.name, guestsAllowed: false });
        const admin = await this.users.insert(
          { id: uuidv7(), tenantId: tenant.id, username: input.admin.username, displayName: input.admin.displayName.trim() || input.admin.username, passwordHash, isGuest: false, tenantRole: 'admin' },
          em,
        );
        return { tenant, admin };
      });
    } catch (err) {
      // The tenant is new, so only its slug can collide.
      if (isUniqueViolation(err)) throw new DomainError(ErrorCode.TENANT_SLUG_TAKEN, `The name "${input.slug}" is taken`, 'Pick another slug', { cause: err });
      throw err;
    }
  }
}
