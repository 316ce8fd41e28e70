import { createParamDecorator, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DEFAULT_TENANT_ID, DEFAULT_TENANT_SLUG, ErrorCode, TENANT_HEADER } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantsRepository } from './tenants.repository';

/** The request of a login route once LoginTenantGuard named its tenant (the audit log files the login under it). */
export type LoginTenantRequest = Request & { tenantId?: string };

/**
 * Resolves the tenant a login (register, login, guest) is for, from the X-Tenant header: absent
 * means the default tenant, so single-tenant clients need not know tenants exist. A slug the
 * install does not have is refused, never quietly taken as the default tenant.
 */
@Injectable()
export class LoginTenantGuard implements CanActivate {
  constructor(
    private readonly tenants: TenantsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<LoginTenantRequest>();
    req.tenantId = await this.resolve(req.header(TENANT_HEADER)?.trim().toLowerCase() || DEFAULT_TENANT_SLUG);
    return true;
  }

  private async resolve(slug: string): Promise<string> {
    if (slug === DEFAULT_TENANT_SLUG) return DEFAULT_TENANT_ID;
    if (this.config.tenancy.mode === 'single') {
      throw new DomainError(ErrorCode.TENANT_NOT_FOUND, `This server has one tenant; there is no "${slug}"`, `Leave out the ${TENANT_HEADER} header`);
    }
    const tenant = await this.tenants.findBySlug(slug);
    if (!tenant) throw new DomainError(ErrorCode.TENANT_NOT_FOUND, `No tenant "${slug}"`, `Check the ${TENANT_HEADER} header: your organization's name on this server`);
    return tenant.id;
  }
}

/** The tenant LoginTenantGuard resolved. */
export const LoginTenant = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<LoginTenantRequest>().tenantId!;
});
