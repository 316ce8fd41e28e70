import { ErrorCode, FEATURE_FLAGS, isFeatureKey, type FeatureFlagState, type FeatureKey } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { StoredFlag } from './feature-flags.repository';

/** A key of the registry, or 404 FEATURE_NOT_FOUND. */
export function knownKey(key: string): FeatureKey {
  if (!isFeatureKey(key)) throw new DomainError(ErrorCode.FEATURE_NOT_FOUND, `No feature flag "${key}"`, 'GET /v1/admin/features lists the flags');
  return key;
}

/** A flag as an administrator sees it: the tenant's setting, or the registry's default while it has none. */
export function flagState(key: FeatureKey, stored: StoredFlag | undefined): FeatureFlagState {
  const { description, defaultEnabled } = FEATURE_FLAGS[key];
  if (!stored) return { key, description, enabled: defaultEnabled, rolloutPercent: 100, overrides: [], customized: false, updatedAt: null };
  return {
    key,
    description,
    enabled: stored.enabled,
    rolloutPercent: stored.rolloutPercent,
    overrides: [...stored.overrides].map(([userId, enabled]) => ({ userId, enabled })),
    customized: true,
    updatedAt: stored.updatedAt.toISOString(),
  };
}
