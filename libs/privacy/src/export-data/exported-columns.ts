import type { MessageBodies } from '@chat/persistence';
/**
 * What an export says about an account and a message: one list for the account holder's export and
 * the tenant administrator's, so neither can drift into exporting a secret. A user is never exported
 * with its password hash, TOTP secret or last used TOTP step (and tokens live in other tables, never
 * read by an export); `mfaEnabled` only says whether two-step login is on.
 */
export const EXPORTED_USER_COLUMNS = `id, username, display_name AS "displayName", avatar_url AS "avatarUrl", is_guest AS "isGuest", created_at AS "createdAt", banned_at AS "bannedAt", banned_until AS "bannedUntil", ban_reason AS "banReason", locale, time_zone AS "timeZone"`;

/** The administrator's export adds what the account holder's leaves out (it is their own account, never deleted while they export it). */
export const EXPORTED_TENANT_USER_COLUMNS = `${EXPORTED_USER_COLUMNS}, deleted_at AS "deletedAt", mfa_enabled_at IS NOT NULL AS "mfaEnabled"`;

/**
 * A message as stored (a tombstone has an empty body and no attachments, and `deletedAt`; a reply
 * has the seq of the message it answers, `replyToSeq`, and null otherwise; `mentions`, the user ids
 * it names, or null).
 * `body` as stored: sealed when MESSAGE_ENCRYPTION_KEYS is set, or offloaded to the content store
 * (`contentKey`), so each repository opens it (openExportedBodies), which also drops `contentKey`.
 */
export const EXPORTED_MESSAGE_COLUMNS = `id, conversation_id AS "conversationId", seq, body, content_key AS "contentKey", attachments, client_message_id AS "clientMessageId", created_at AS "createdAt", edited_at AS "editedAt", deleted_at AS "deletedAt", reply_to_seq AS "replyToSeq", mentions`;

/** Opens the bodies of rows read with EXPORTED_MESSAGE_COLUMNS, in place (a body that does not open fails the export, logged). */
export async function openExportedBodies<R extends { id: string; body: string }>(bodies: MessageBodies, rows: R[]): Promise<Omit<R, 'contentKey'>[]> {
  await bodies.openRows(rows as (R & { contentKey: string | null })[]);
  // Where the body was stored is not part of the account's data.
  return rows.map(({ contentKey: _, ...row }: R & { contentKey?: unknown }) => row);
}
