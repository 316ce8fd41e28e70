/**
 * The audit log (seed 000, FR-010 and SC-005; seed 001, SR-003; seed 003, R9.3): who created
 * conversations, sent, edited and deleted messages, read history, was issued credentials (logins,
 * socket tickets), ended logins, changed two-step login or E2EE devices and key backup, and
 * exported or deleted their account; which administrators banned accounts, changed tenant
 * settings and quotas, and replayed dead letters; with the outcome; and which businesses passed
 * to a new owner (or closed) because their owner's account was deleted.
 *
 * Read by tenant administrators (ADMIN_USERNAMES):
 *
 * `GET /v1/admin/audit-log?action=&outcome=&actorId=&conversationId=&since=&until=&before=&limit=`
 * → {@link AuditLogResponse}, newest first; `before` is an entry id (the last one of the previous
 * page), `since`/`until` ISO-8601 times (`until` exclusive).
 *
 * `GET /v1/admin/audit-log/summary?since=&until=` → {@link AuditSummaryResponse}: entries per UTC
 * day, action and outcome, for analytics (a span of at most AUDIT_SUMMARY_MAX_DAYS).
 */
export const AUDIT_ACTIONS = [
  'auth.register',
  'auth.login',
  /**
   * An account refused for a window after too many failed two-step codes, or failed passwords from
   * many addresses (then only to addresses it never logged in from) (details: secret, failures,
   * lockedForSeconds, username).
   */
  'auth.account-locked',
  /** One client address refused one username for a window after too many failed passwords from it (details: secret, failures, lockedForSeconds, username, address). */
  'auth.address-locked',
  'auth.guest',
  'auth.refresh',
  'auth.ws-ticket',
  /** The caller ended the login they called with (details: sessionId). */
  'auth.logout',
  /** The caller ended one of their logins by id, another device's or their own (details: sessionId; never the two-step code). */
  'auth.session.revoke',
  /** Two-step login started: a new secret issued, not yet in force (no details: never the secret). */
  'auth.mfa.enrol',
  /** Two-step login turned on by a first code from the app (no details: never the code). */
  'auth.mfa.confirm',
  /** Two-step login turned off (no details: never the code). */
  'auth.mfa.disable',
  /** An E2EE device's public key registered or replaced (details: deviceId). */
  'e2ee.device.register',
  /** An E2EE device unlinked, and the login its key came from ended unless it is the caller's (details: deviceId). */
  'e2ee.device.unlink',
  /** The E2EE key backup stored or replaced (no details: never the blob). */
  'e2ee.backup.store',
  /** The holder chose to keep no E2EE key backup. */
  'e2ee.backup.opt-out',
  /** The E2EE key backup deleted. */
  'e2ee.backup.delete',
  'conversation.create',
  'conversation.delete',
  'message.send',
  'message.edit',
  'message.delete',
  /** The content policy refused a body the actor sent or an edit (outcome failure, CONTENT_POLICY_VIOLATION; details: rule, reason, never the body). */
  'message.policy-refused',
  /** A message pinned in its conversation, or unpinned (details: seq); unpinned by its deletion is the deletion's entry. */
  'message.pin',
  'message.unpin',
  'history.read',
  'message.search',
  'sync.read',
  'account.export',
  'account.delete',
  'admin.export.request',
  'admin.export.download',
  'tenant.create',
  /** A tenant administrator changed who may join by themselves (details: openRegistration, guestsAllowed as asked). */
  'tenant.update',
  /** A tenant administrator banned an account (details: userId, durationSeconds). */
  'admin.account.ban',
  /** A tenant administrator lifted an account ban (details: userId). */
  'admin.account.unban',
  /** A platform operator replaced a tenant's quota overrides (details: tenantId, connections, onlineUsers, messagesPerMinute, mediaBytes as asked). */
  'admin.quotas.update',
  /** A platform operator replayed a consumer group's dead letters (details: group, eventId when one; replayed, remaining on success). */
  'admin.dead-letters.replay',
  'admin.feature.update',
  'business.owner-change',
  /** The malware scan refused an upload, held in quarantine (outcome failure, MEDIA_INFECTED; actor: the uploader; details: mediaId, name, contentType, size, signature). */
  'media.quarantine',
  /** An administrator deleted a quarantined upload (details: mediaId). */
  'admin.media-quarantine.delete',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  /** UUIDv7 of the moment it happened: ids order entries by time. */
  id: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** The error code the caller was answered with, for failures. */
  errorCode: string | null;
  /** Null when nobody could be identified (a failed login names the username tried in `details`). */
  actorId: string | null;
  actorName: string | null;
  /** Extension of v1: the actor's picture (see User.avatarUrl) as it is now; null without one or without an actor. */
  actorAvatarUrl: string | null;
  conversationId: string | null;
  /** The message an entry is about, for message actions. */
  messageId: string | null;
  /** The correlation id of the request (also in the structured logs and the event headers). */
  requestId: string | null;
  /** The caller's address, for entries recorded at a route. */
  ip: string | null;
  /** Action-specific facts: the page asked for, the username tried, the message's seq. */
  details: Record<string, unknown>;
  occurredAt: string;
}

export interface AuditLogQuery {
  action?: AuditAction;
  outcome?: AuditOutcome;
  actorId?: string;
  conversationId?: string;
  since?: string;
  until?: string;
  before?: string;
  limit?: number;
}

export interface AuditLogResponse {
  entries: AuditEntry[];
  hasMore: boolean;
}

export interface AuditSummaryQuery {
  since: string;
  until?: string;
}

export interface AuditSummaryRow {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  action: AuditAction;
  outcome: AuditOutcome;
  count: number;
}

export interface AuditSummaryResponse {
  since: string;
  until: string;
  rows: AuditSummaryRow[];
}
