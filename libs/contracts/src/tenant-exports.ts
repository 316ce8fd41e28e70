/**
 * Tenant data exports for administrators (seed 003, req. 13.3). Every route answers 403 FORBIDDEN
 * to a non-administrator and 404 EXPORT_NOT_FOUND for an export of another tenant.
 *
 * `POST /v1/admin/exports` → 202 {@link TenantExportResponse} (`status: 'pending'`); 409
 * EXPORT_LIMIT_REACHED while EXPORT_MAX_PENDING_PER_TENANT exports of the tenant wait or run.
 *
 * `GET /v1/admin/exports?limit=&before=` → {@link TenantExportListResponse}, newest first;
 * `before` is the id of the last export of the previous page.
 *
 * `GET /v1/admin/exports/:id` → {@link TenantExportResponse}.
 *
 * `GET /v1/admin/exports/:id/download` → the file, `application/gzip`
 * (`Content-Disposition: attachment`): gzip NDJSON, one {@link TenantExportRecord} per line; 409
 * EXPORT_NOT_READY before it is `ready`.
 */
export const TENANT_EXPORT_STATUSES = ['pending', 'running', 'ready', 'failed'] as const;
export type TenantExportStatus = (typeof TENANT_EXPORT_STATUSES)[number];

/** Rows of each kind in a ready export. */
export interface TenantExportCounts {
  users: number;
  blocks: number;
  conversations: number;
  memberships: number;
  bans: number;
  messages: number;
  /** Of `messages`, how many are tombstones (deleted: no body, no attachments). */
  tombstones: number;
  reactions: number;
  /** Pinned messages (`pin`: conversationId, seq, pinnedBy, pinnedAt). */
  pins: number;
  reports: number;
  businesses: number;
  businessAgents: number;
  businessConversations: number;
  moderationActions: number;
}

export interface TenantExport {
  id: string;
  status: TenantExportStatus;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The file's size in bytes, once ready. */
  sizeBytes: number | null;
  counts: TenantExportCounts | null;
  /** Why it failed, once failed. */
  error: string | null;
  /** When the export and its file are removed (EXPORT_RETENTION_HOURS after the request). */
  expiresAt: string;
}

export interface TenantExportResponse {
  export: TenantExport;
}

export interface TenantExportListQuery {
  limit?: number;
  before?: string;
}

export interface TenantExportListResponse {
  exports: TenantExport[];
  hasMore: boolean;
}

/** The first line of an export file. */
export const TENANT_EXPORT_FORMAT = 'chat-tenant-export/1';

/**
 * One line of an export file, in this order: `export` (format, tenant id, time), `tenant` (id, slug, name, createdAt), every
 * `user` (never a password hash, a TOTP secret or a token), each page of users followed by the
 * `block`s they made (`blockerId`, `blockedId`, `createdAt`), then per conversation its
 * `conversation`, `membership`s, `ban`s, `message`s in seq order (each page of messages followed by
 * their `reaction`s; a deleted message is `{tombstone: true}` without body or attachments), its
 * `pin`s (by seq, who pinned and when) and its `report`s (reporter, reason, the reporter's note, `status`, `escalated` (sent to the tenant's
 * administrators) and the resolution: `resolvedBy`, `resolvedAt`; open ones first), then every `business` with its `businessAgent`s and its
 * `businessConversation`s (customer, agent, resolution), then every `moderationAction` (the
 * conversation moderation log and account bans) in time order. A conversation's own type (direct,
 * group, channel) is its `conversationType`. Counts per kind: {@link TenantExportCounts}.
 *
 * Left out on purpose (the tables of libs/persistence/src/migrations with a `tenant_id` not listed
 * above):
 * - credentials, tokens and sessions: `auth_sessions`, `refresh_tokens`, `ws_tickets`,
 *   `sso_pending_logins`, `sso_login_codes`, and the users' password hashes and TOTP secrets; an
 *   export is a copy of the tenant's data, never a way to sign in as someone;
 * - `sso_identities` (which identity provider subject signs a user in): a login binding, not data;
 * - `push_subscriptions` (a browser's push endpoint and its keys: whoever holds them can push to
 *   that browser) and `notification_queue` (mails and pushes waiting to go out);
 * - end-to-end encryption keys: `e2ee_device_keys`, `conversation_key_envelopes`, `e2ee_key_backups`;
 *   they belong to the users' devices, and encrypted messages are exported as stored;
 * - `media`: the files are not in the export; a message's `attachments` state each file's id, name,
 *   content type and size (and, for audio, `durationMs`; for a voice message, `kind: 'voice'`);
 *   nor `media_uploads`, the uploads under way (storage keys, for removing what one abandoned leaves);
 * - what is derived from the exported rows or carries them between processes: `outbox`, the read
 *   models (`rm_*`), `search_messages`, `consumer_dead_letters`;
 * - what the operator keeps about the tenant rather than the tenant's own data: `feature_flags`,
 *   `feature_flag_overrides`, `tenant_usage_daily`, `tenant_cost_drift`, `tenant_exports`;
 * - `audit_log`: the administrators read it through `GET /v1/admin/audit-log`, with its own retention;
 * - `notification_settings` (how and at which e-mail address a user is notified): the user's own
 *   choice, in their account export (req. 11.3), not the administrator's.
 */
export type TenantExportRecord = {
  type:
    | 'export'
    | 'tenant'
    | 'user'
    | 'block'
    | 'conversation'
    | 'membership'
    | 'ban'
    | 'message'
    | 'reaction'
    | 'pin'
    | 'report'
    | 'business'
    | 'businessAgent'
    | 'businessConversation'
    | 'moderationAction';
} & Record<string, unknown>;
