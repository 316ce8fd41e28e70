import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { TENANT_HEADER } from '@chat/contracts';
import { TenantSlugs } from './tenant-slugs';

/** The request of a login route once LoginTenantGuard named its tenant (the audit log files the login under it). */
export type LoginTenantRequest = Request & { tenantId?: string };

/**
 * Resolves the tenant a login (register, login, guest) is for, from the X-Tenant header: absent
 * means the default tenant, so single-tenant clients need not know tenants exist.
 */
@Injectable()
export class LoginTenantGuard implements CanActivate {
  constructor(private readonly slugs: TenantSlugs) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<LoginTenantRequest>();
    req.tenantId = await this.slugs.idOf(req.header(TENANT_HEADER), `the ${TENANT_HEADER} header`, `Check the ${TENANT_HEADER} header: your organization's name on this server`);
    return true;
  }
}

/** The tenant LoginTenantGuard resolved. */
export const LoginTenant = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<LoginTenantRequest>().tenantId!;
});
