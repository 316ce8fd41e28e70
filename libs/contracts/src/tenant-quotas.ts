/**
 * Per-tenant quotas (seed 003, R13.2 and R13.5). Each has a default from the configuration and a
 * per-tenant override; a limit of 0 means unlimited.
 */
export type TenantQuotaName = 'connections' | 'onlineUsers' | 'messagesPerMinute' | 'mediaBytes';

export const TENANT_QUOTA_NAMES: readonly TenantQuotaName[] = ['connections', 'onlineUsers', 'messagesPerMinute', 'mediaBytes'];

/**
 * What a refusal for a tenant quota carries in `error.details` (one entry): which quota, its
 * limit, and where an administrator can raise it (TENANT_UPGRADE_URL, null when none is set).
 * `field` is the quota's name, so clients that list `field: problem` show something sensible.
 */
export interface TenantQuotaDetail {
  field: TenantQuotaName;
  problem: string;
  quota: TenantQuotaName;
  limit: number;
  upgradeUrl: string | null;
}

/** One quota as GET /v1/tenant/usage shows it. */
export interface TenantQuotaUsage {
  /** In force now; 0 = unlimited. */
  limit: number;
  /** Where the limit comes from: this tenant's override, or the configuration's default. */
  source: 'tenant' | 'default';
  /**
   * Current use: open sockets, people online, messages spent in the last minute's budget, bytes
   * kept; null when not counted (people online and messages while unlimited).
   */
  used: number | null;
}

/** GET /v1/tenant/usage (tenant administrators). */
export interface TenantUsageResponse {
  tenantId: string;
  quotas: Record<TenantQuotaName, TenantQuotaUsage>;
  upgradeUrl: string | null;
}

/** PUT /v1/admin/tenants/:tenantId/quotas body: each a non-negative integer, or null (or absent) for the configuration's default. */
export type TenantQuotaOverrides = Record<TenantQuotaName, number | null>;

export interface TenantQuotasResponse {
  tenantId: string;
  overrides: TenantQuotaOverrides;
  /** The limits in force after the change (0 = unlimited). */
  limits: Record<TenantQuotaName, number>;
}
