import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TENANT_ID, DEFAULT_TENANT_SLUG, ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantsRepository } from './tenants.repository';

/**
 * The tenant a login names by its slug (the X-Tenant header, an SSO start or claim): none means
 * the default tenant; a slug the install does not have (on a single-tenant server, any but the
 * default's) is refused, never quietly taken as the default tenant.
 */
@Injectable()
export class TenantSlugs {
  constructor(
    private readonly tenants: TenantsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `namedBy` says where the slug came from; `hint` what to check when it names no tenant. */
  async idOf(slug: string | null | undefined, namedBy: string, hint: string): Promise<string> {
    const wanted = slug?.trim().toLowerCase() || DEFAULT_TENANT_SLUG;
    if (wanted === DEFAULT_TENANT_SLUG) return DEFAULT_TENANT_ID;
    const shown = wanted.slice(0, 64);
    if (this.config.tenancy.mode === 'single') {
      throw new DomainError(ErrorCode.TENANT_NOT_FOUND, `This server has one tenant; there is no "${shown}" (named by ${namedBy})`, `Leave out ${namedBy}`);
    }
    const tenant = await this.tenants.findBySlug(wanted);
    if (!tenant) throw new DomainError(ErrorCode.TENANT_NOT_FOUND, `No tenant "${shown}" (named by ${namedBy})`, hint);
    return tenant.id;
  }
}
