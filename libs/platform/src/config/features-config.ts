import type { EnvReader } from './env-reader';

/** Feature flags per tenant and user (@chat/features). */
export interface FeaturesConfig {
  /**
   * FEATURE_FLAGS_CACHE_MS: how long a process keeps a tenant's flags before reading them again,
   * so a change made on another process takes effect within it (0: read on every check).
   */
  cacheMs: number;
  /** FEATURE_FLAGS_CACHE_TENANTS: tenants whose flags one process keeps at once (the least recently loaded go first). */
  cacheTenants: number;
  /** FEATURE_FLAG_OVERRIDES_MAX: users one flag may force on or off. */
  overridesMax: number;
  /**
   * FEATURE_FLAGS_REFRESH_SPREAD_MS: after a flag changes, the window over which the tenant's
   * connected clients ask again what is on for them (each at a random moment in it, once every
   * process's cache has the change), so a large tenant's clients do not all ask at once.
   */
  refreshSpreadMs: number;
}

export function readFeatures(r: EnvReader): FeaturesConfig {
  return {
    cacheMs: r.int('FEATURE_FLAGS_CACHE_MS', 5_000, 0, 600_000),
    cacheTenants: r.int('FEATURE_FLAGS_CACHE_TENANTS', 10_000, 1, 1_000_000),
    overridesMax: r.int('FEATURE_FLAG_OVERRIDES_MAX', 1_000, 0, 100_000),
    refreshSpreadMs: r.int('FEATURE_FLAGS_REFRESH_SPREAD_MS', 10_000, 0, 600_000),
  };
}
