import type { AuthResponse, RegisterRequest } from './auth';

/** The tenant every single-team install lives in; created by the first migration. */
export const DEFAULT_TENANT_ID = '00000000-0000-7000-8000-000000000001';
export const DEFAULT_TENANT_SLUG = 'default';

/** The header a login (register, login, guest, create tenant) names its tenant with, by slug; absent means the default tenant. */
export const TENANT_HEADER = 'X-Tenant';

/** Lower-case letters, digits and inner hyphens, 3..40 characters: safe in a header, a host name and a URL. */
export const TENANT_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/** An account's role in its tenant. Administrators ban accounts and read the tenant's moderation and audit logs. */
export type TenantRole = 'admin' | 'member';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  /** Anyone who knows the tenant's name may register in it; off: accounts come from single sign-on (or existed before). */
  openRegistration: boolean;
  /** Guests may log in (on a server that takes guests at all). Off for a new tenant until its administrators turn it on. */
  guestsAllowed: boolean;
}

/** `PATCH /v1/tenant` (the tenant's administrators): who may join by themselves. */
export interface UpdateTenantRequest {
  openRegistration?: boolean;
  guestsAllowed?: boolean;
}

/** `GET /v1/tenancy` (public): how this install is run, so a client knows whether to ask for a tenant. */
export interface TenancyInfo {
  mode: 'single' | 'multi';
  /** Whether anyone may create a tenant (`POST /v1/tenants` without a token). */
  selfService: boolean;
}

/** `POST /v1/tenants`: a tenant and its first administrator, who is logged in. */
export interface CreateTenantRequest {
  slug: string;
  name: string;
  admin: RegisterRequest;
}

export interface CreateTenantResponse {
  tenant: Tenant;
  auth: AuthResponse;
}

/** `GET /v1/tenant`: the caller's tenant. */
export interface TenantResponse {
  tenant: Tenant;
}
