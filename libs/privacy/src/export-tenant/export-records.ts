import { TENANT_EXPORT_FORMAT, type TenantExport, type TenantExportRecord } from '@chat/contracts';

type Row = Record<string, unknown>;

/** Postgres bigints (seq, read pointers) arrive as strings; an export states them as numbers. */
const toNumber = (value: unknown) => (value === null || value === undefined ? value : Number(value));

/** One NDJSON line. */
export const line = (record: TenantExportRecord): string => `${JSON.stringify(record)}\n`;

export const headerRecord = (tenantId: string, exportId: string, at: Date): TenantExportRecord => ({ type: 'export', format: TENANT_EXPORT_FORMAT, tenantId, exportId, exportedAt: at.toISOString() });

/**
 * A message as the export states it: a deleted one is a tombstone (its place in the conversation,
 * sender and times; no body, no attachments), whatever the row still holds.
 */
export function messageRecord(row: Row): TenantExportRecord {
  const { body, attachments, seq, replyToSeq, ...rest } = row;
  const seqs = { seq: toNumber(seq), replyToSeq: toNumber(replyToSeq) };
  if (row.deletedAt !== null && row.deletedAt !== undefined) return { ...rest, type: 'message', ...seqs, tombstone: true };
  return { ...rest, type: 'message', ...seqs, body, attachments, tombstone: false };
}

/** A conversation's own `type` (direct, group, channel) is stated as `conversationType`: `type` is the record's. */
export function conversationRecord(row: Row): TenantExportRecord {
  const { type: conversationType, ...rest } = row;
  return { type: 'conversation', ...rest, conversationType, lastSeq: toNumber(row.lastSeq) };
}
/** Pointers as members see them: delivery never below the read pointer (reading implies delivery; see visiblePointers). */
export const membershipRecord = (row: Row): TenantExportRecord => ({ ...row, type: 'membership', lastReadSeq: toNumber(row.lastReadSeq), lastDeliveredSeq: toNumber(row.lastDeliveredSeq) });

/** A pinned message, by its seq in the conversation. */
export const pinRecord = (row: Row): TenantExportRecord => ({ ...row, type: 'pin', seq: toNumber(row.seq) });

/** A report of a message as stored, the reporter's note and the resolution (status, by whom, when) included. */
export const reportRecord = (row: Row): TenantExportRecord => ({ ...row, type: 'report', messageSeq: toNumber(row.messageSeq) });
export const businessConversationRecord = (row: Row): TenantExportRecord => ({ ...row, type: 'businessConversation', resolvedSeq: toNumber(row.resolvedSeq) });

/** `chat-tenant-<tenant>-<date>-<export id>.ndjson.gz`: what the download is saved as. */
export function downloadFileName(exportRow: Pick<TenantExport, 'id' | 'createdAt'>, tenantId: string): string {
  return `chat-tenant-${tenantId}-${exportRow.createdAt.slice(0, 10)}-${exportRow.id}.ndjson.gz`;
}
