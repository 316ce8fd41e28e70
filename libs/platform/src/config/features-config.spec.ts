import { EnvReader } from './env-reader';
import { readFeatures } from './features-config';

describe('feature flags configuration', () => {
  it('has defaults: a 5 s cache of up to 10,000 tenants, 1,000 overrides per flag, clients asking again over 10 s after a change', () => {
    const r = new EnvReader({});
    expect(readFeatures(r)).toEqual({ cacheMs: 5_000, cacheTenants: 10_000, overridesMax: 1_000, refreshSpreadMs: 10_000 });
    expect(r.problems).toEqual([]);
  });

  it('reads each variable, 0 turning the cache and the spread off', () => {
    expect(readFeatures(new EnvReader({ FEATURE_FLAGS_CACHE_MS: '0', FEATURE_FLAGS_CACHE_TENANTS: '5', FEATURE_FLAG_OVERRIDES_MAX: '0', FEATURE_FLAGS_REFRESH_SPREAD_MS: '0' }))).toEqual({
      cacheMs: 0,
      cacheTenants: 5,
      overridesMax: 0,
      refreshSpreadMs: 0,
    });
  });

  it('names every variable out of bounds', () => {
    const r = new EnvReader({ FEATURE_FLAGS_CACHE_MS: '600001', FEATURE_FLAGS_CACHE_TENANTS: '0', FEATURE_FLAG_OVERRIDES_MAX: '-1', FEATURE_FLAGS_REFRESH_SPREAD_MS: '600001' });
    readFeatures(r);
    expect(r.problems).toEqual([
      expect.stringContaining('FEATURE_FLAGS_CACHE_MS'),
      expect.stringContaining('FEATURE_FLAGS_CACHE_TENANTS'),
      expect.stringContaining('FEATURE_FLAG_OVERRIDES_MAX'),
      expect.stringContaining('FEATURE_FLAGS_REFRESH_SPREAD_MS'),
    ]);
  });
});
