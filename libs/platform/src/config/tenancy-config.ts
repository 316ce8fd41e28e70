import type { EnvReader } from './env-reader';

export const TENANCY_MODES = ['single', 'multi'] as const;
export type TenancyMode = (typeof TENANCY_MODES)[number];

/**
 * Tenants (organizations) on one install (@chat/identity tenants/). Single: everyone is in the
 * default tenant, as a team's own chat is. Multi: each request names its tenant at login; data
 * never crosses tenants.
 */
export interface TenancyConfig {
  /** TENANCY_MODE: single or multi. */
  mode: TenancyMode;
  /** TENANT_SELF_SERVICE: anyone may create a tenant (POST /v1/tenants); otherwise only platform operators (administrators of the default tenant). */
  selfService: boolean;
  /** TENANT_NAME_MAX_CHARS: longest tenant display name. */
  nameMaxChars: number;
}

export function readTenancy(r: EnvReader): TenancyConfig {
  return {
    mode: r.oneOf('TENANCY_MODE', 'single', TENANCY_MODES),
    selfService: r.bool('TENANT_SELF_SERVICE', false),
    nameMaxChars: r.int('TENANT_NAME_MAX_CHARS', 80, 1, 1024),
  };
}
