import { createHash } from 'node:crypto';
import { FEATURE_FLAGS, FEATURE_KEYS, type FeatureKey } from '@chat/contracts';

/** A flag as one tenant set it; a flag the tenant never set has none (the registry's default applies). */
export interface TenantFlag {
  enabled: boolean;
  /** 0–100. */
  rolloutPercent: number;
  /** user id → forced answer. */
  overrides: ReadonlyMap<string, boolean>;
}

export type TenantFlags = ReadonlyMap<FeatureKey, TenantFlag>;

/**
 * The user's bucket for a flag, 0–99: the first 32 bits of SHA-256 over `key:userId`, modulo 100.
 * Stable (the same user always lands in the same bucket for a flag, on every process) and
 * independent across flags (a user early in one rollout is not early in all of them).
 */
export function rolloutBucket(key: string, userId: string): number {
  return createHash('sha256').update(`${key}:${userId}`).digest().readUInt32BE(0) % 100;
}

/**
 * Whether a flag is on for a user: their override if they have one; else off while the flag is
 * off; else on when their bucket is below the rollout percentage (0: nobody, 100: everyone).
 * A flag the tenant never set is its registry default for everyone.
 */
export function evaluateFlag(key: FeatureKey, flag: TenantFlag | undefined, userId: string): boolean {
  if (!flag) return FEATURE_FLAGS[key].defaultEnabled;
  const forced = flag.overrides.get(userId);
  if (forced !== undefined) return forced;
  if (!flag.enabled || flag.rolloutPercent <= 0) return false;
  if (flag.rolloutPercent >= 100) return true;
  return rolloutBucket(key, userId) < flag.rolloutPercent;
}

/** Every flag the code knows, evaluated for one user. */
export function evaluateAll(flags: TenantFlags, userId: string): Record<FeatureKey, boolean> {
  return Object.fromEntries(FEATURE_KEYS.map((key) => [key, evaluateFlag(key, flags.get(key), userId)])) as Record<FeatureKey, boolean>;
}
