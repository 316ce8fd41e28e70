import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantsRepository } from './tenants.repository';

/** Who may join a tenant by themselves: registration and guest login, as the server and the tenant's administrators allow. */
@Injectable()
export class TenantSignUp {
  constructor(
    private readonly tenants: TenantsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assertRegistrationOpen(tenantId: string): Promise<void> {
    if (!(await this.tenants.findById(tenantId))?.openRegistration) {
      throw new DomainError(ErrorCode.REGISTRATION_CLOSED, 'This organization takes no new accounts by registration', 'Log in with single sign-on, or ask an administrator of the organization');
    }
  }

  async assertGuestsAllowed(tenantId: string): Promise<void> {
    if (!this.config.auth.guestLoginEnabled) {
      throw new DomainError(ErrorCode.GUEST_LOGIN_DISABLED, 'Guest login is turned off on this server', 'Register or log in with a password');
    }
    if (!(await this.tenants.findById(tenantId))?.guestsAllowed) {
      throw new DomainError(ErrorCode.GUEST_LOGIN_DISABLED, 'This organization takes no guests', 'Register or log in with a password, or ask an administrator to allow guests');
    }
  }
}
