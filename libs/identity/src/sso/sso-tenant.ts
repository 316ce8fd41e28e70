import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TENANT_ID, DEFAULT_TENANT_SLUG, ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantsRepository } from '../tenants/tenants.repository';

/**
 * The tenant of an SSO login, by slug, under the rules of LoginTenantGuard: none is the default
 * tenant; a slug the install does not have is TENANT_NOT_FOUND, never quietly the default.
 */
@Injectable()
export class SsoTenant {
  constructor(
    private readonly tenants: TenantsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async idOf(slug: string | null | undefined, source: string): Promise<string> {
    const wanted = slug?.trim().toLowerCase() || DEFAULT_TENANT_SLUG;
    if (wanted === DEFAULT_TENANT_SLUG) return DEFAULT_TENANT_ID;
    const tenant = this.config.tenancy.mode === 'multi' ? await this.tenants.findBySlug(wanted) : null;
    if (!tenant) throw new DomainError(ErrorCode.TENANT_NOT_FOUND, `No tenant "${wanted.slice(0, 64)}" (named by ${source})`, 'Check the organization your account at the identity provider belongs to');
    return tenant.id;
  }
}

/** Refuses an SSO route on a server without SSO. */
export function assertSsoConfigured(config: AppConfig): void {
  if (!config.sso.issuerUrl) throw new DomainError(ErrorCode.SSO_NOT_CONFIGURED, 'Single sign-on is not set up on this server', 'Log in with a username and password; an operator sets OIDC_ISSUER_URL to offer SSO');
}
