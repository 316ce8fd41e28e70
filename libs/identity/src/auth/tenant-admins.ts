import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TENANT_ID, ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { UserEntity } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import type { Principal } from './principal';
import { UsersRepository } from './users.repository';

/**
 * A tenant's administrators are its accounts with the `admin` role (a tenant's creator, or an SSO
 * login its identity provider calls one), and, in the default tenant, the registered accounts
 * named in ADMIN_USERNAMES (checked on every call, so removing a name takes effect at once). A
 * name there makes no guest or SSO account an administrator: a guest login or an identity
 * provider's username would otherwise be a way in, since anyone may pick the name; guests are
 * refused a listed name outright (GuestLoginHandler). Those named accounts alone operate the server
 * (create tenants when self-service is off, set quotas, read every tenant's costs and dead letters):
 * not the default tenant's other administrators, whom an identity provider makes by its roles, with
 * a tenant claim naming `default` too, so an administrator of the provider is no operator.
 */
@Injectable()
export class TenantAdmins {
  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assertAdmin(principal: Principal): Promise<void> {
    if (!(await this.isAdmin(principal.tenantId, principal.userId))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only administrators of this chat may do this', 'An operator names administrators in ADMIN_USERNAMES');
    }
  }

  async assertPlatformOperator(principal: Principal): Promise<void> {
    const user = principal.tenantId === DEFAULT_TENANT_ID ? await this.users.findById(principal.tenantId, principal.userId) : null;
    if (!user || !this.isNamedAccount(user)) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only operators of this server may do this', 'Operators are the default tenant’s accounts named in ADMIN_USERNAMES');
    }
  }

  async isAdmin(tenantId: string, userId: string): Promise<boolean> {
    const user = await this.users.findById(tenantId, userId);
    return user !== null && this.isAdminUser(user);
  }

  /** Every administrator of the tenant with an account in force (for telling them of a report no one else can act on). */
  async adminIdsOf(tenantId: string): Promise<string[]> {
    const names = tenantId === DEFAULT_TENANT_ID ? this.config.auth.adminUsernames : [];
    return this.users.adminIds(tenantId, names);
  }

  isAdminUser(user: Pick<UserEntity, 'tenantId' | 'usernameKey' | 'tenantRole' | 'passwordHash' | 'isGuest'>): boolean {
    return user.tenantRole === 'admin' || this.isNamedAccount(user);
  }

  /** A registered account (a password, no guest) under a name ADMIN_USERNAMES lists. */
  private isNamedAccount(user: Pick<UserEntity, 'tenantId' | 'usernameKey' | 'passwordHash' | 'isGuest'>): boolean {
    return this.isNamedAdmin(user.tenantId, user.usernameKey) && user.passwordHash !== null && !user.isGuest;
  }

  /** Whether ADMIN_USERNAMES names this username in this tenant (only the default tenant's names are listed). */
  isNamedAdmin(tenantId: string, usernameKeyOf: string): boolean {
    return tenantId === DEFAULT_TENANT_ID && this.config.auth.adminUsernames.includes(usernameKeyOf);
  }
}
