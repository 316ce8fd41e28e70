/** SQL shared by the read model's statements. */

/** The advisory lock key of one tenant's read model (see lockTenantReadModel). */
export const tenantLockKey = (tenantId: string) => `read-model:${tenantId}`;

/**
 * Whether a message (`seq`, `version`) should replace the stored last message `current`: a higher
 * seq, or the same message at a version not older.
 */
export const NEWER_LAST_MESSAGE = (current: string, seq: string, version: string) =>
  `(${current} IS NULL OR ${seq} > (${current}->>'seq')::bigint OR (${seq} = (${current}->>'seq')::bigint AND ${version} >= (${current}->>'version')::int))`;
