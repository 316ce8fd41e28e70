import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { UserEntity } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import type { Principal } from './principal';
import { UsersRepository } from './users.repository';

/** Tenant administrators are the accounts named in ADMIN_USERNAMES (checked on every call, so removing a name takes effect at once). */
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

  async isAdmin(tenantId: string, userId: string): Promise<boolean> {
    const user = await this.users.findById(tenantId, userId);
    return user !== null && this.isAdminUser(user);
  }

  isAdminUser(user: Pick<UserEntity, 'usernameKey'>): boolean {
    return this.config.auth.adminUsernames.includes(user.usernameKey);
  }
}
