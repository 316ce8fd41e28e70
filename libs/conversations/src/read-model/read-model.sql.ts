/** SQL shared by the read model's statements. */

/** The advisory lock key of one tenant's read model (see lockTenantReadModel). */
export const tenantLockKey = (tenantId: string) => `read-model:${tenantId}`;

/**
 * Whether a message (`seq`, `version`) should replace the stored last message `current`: a higher
 * seq, or the same message at a version not older.
 */
export const NEWER_LAST_MESSAGE = (current: string, seq: string, version: string) =>
  `(${current} IS NULL OR ${seq} > (${current}->>'seq')::bigint OR (${seq} = (${current}->>'seq')::bigint AND ${version} >= (${current}->>'version')::int))`;

/**
 * Whether the change-log row `r` about to be appended (a message.created or message.updated) would
 * show an older message than the log already holds: a row of that message at a version not older
 * (every row of a message is raised to its latest version), or its deletion. Such a row comes from
 * a late event (a dead letter replayed after the edit or delete) and is not appended, so a sync
 * never sees an old body after the newer one, nor a deleted one again.
 */
export const SUPERSEDED_MESSAGE_ROW = (r: string) =>
  `(${r}.type IN ('message.created', 'message.updated') AND EXISTS (
     SELECT 1 FROM rm_changes o WHERE o.message_id = ${r}.message_id
        AND (o.type = 'message.deleted' OR (o.type IN ('message.created', 'message.updated') AND (o.payload->'message'->>'version')::int >= (${r}.payload->'message'->>'version')::int))))`;
