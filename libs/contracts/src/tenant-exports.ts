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
  conversations: number;
  memberships: number;
  messages: number;
  /** Of `messages`, how many are tombstones (deleted: no body, no attachments). */
  tombstones: number;
  reactions: number;
  businesses: number;
  businessAgents: number;
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
 * One line of an export file, in this order: `export` (format, tenant id, time), `tenant`, every
 * `user` (never a password hash, a TOTP secret or a token), then per conversation its
 * `conversation`, `membership`s and `message`s in seq order (each page of messages followed by their
 * `reaction`s; a deleted message is `{tombstone: true}` without body or attachments), then every
 * `business` and `businessAgent`. A conversation's own type (direct, group, channel) is its
 * `conversationType`.
 */
export type TenantExportRecord = { type: 'export' | 'tenant' | 'user' | 'conversation' | 'membership' | 'message' | 'reaction' | 'business' | 'businessAgent' } & Record<string, unknown>;
