import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MessageBodies, type StoredBody } from '@chat/persistence';
import type { MessageReport, ReportReason, ReportStatus, TenantReport, TenantReportsQuery } from '@chat/contracts';

/** The facts of a message a report keeps; null for a message that is not in the conversation or is deleted. */
export interface ReportableMessage {
  id: string;
  seq: number;
  senderId: string;
}

export interface NewReport {
  tenantId: string;
  conversationId: string;
  message: ReportableMessage;
  reporterId: string;
  reason: ReportReason;
  note: string | null;
  escalated: boolean;
}

const REPORT_COLUMNS = `r.id, r.conversation_id AS "conversationId", r.message_id AS "messageId", r.message_seq::int AS "messageSeq", r.sender_id AS "senderId",
  r.reporter_id AS "reporterId", u.display_name AS "reporterName", u.avatar_url AS "reporterAvatarUrl", r.reason, r.note, r.status, r.escalated, r.created_at AS "createdAt", r.resolved_by AS "resolvedBy", r.resolved_at AS "resolvedAt"`;

/** A tenant report as selected: the message's text as stored, and its content key once offloaded. */
type TenantReportRow = Omit<TenantReport, 'createdAt' | 'resolvedAt'> & { createdAt: Date; resolvedAt: Date | null; contentKey: string | null };

/** Where a report is closed: in its conversation, by the conversation's moderators; in its tenant, by the tenant's administrators. */
export type ReportScope = { conversationId: string } | { tenantId: string };

const scopeId = (scope: ReportScope) => ('conversationId' in scope ? scope.conversationId : scope.tenantId);

/**
 * The report (`$2`) a resolver (`$3`) may close in the scope (`$1`). Never one of the resolver's own
 * messages. In a conversation, also never an escalated report (it went to the tenant's
 * administrators because nobody there could judge it, e.g. the reported owner, who may have
 * appointed admins since) nor the resolver's own report (one does not judge one's own complaint).
 */
function resolvableIn(scope: ReportScope): string {
  const own = `r.id = $2 AND r.sender_id <> $3`;
  return 'conversationId' in scope ? `r.conversation_id = $1 AND ${own} AND NOT r.escalated AND r.reporter_id <> $3` : `r.tenant_id = $1 AND ${own}`;
}

/** message_reports: one row per reporter and message. Writes take the caller's EntityManager: they commit with the log entry and the event. */
@Injectable()
export class ReportsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bodies: MessageBodies,
  ) {}

  async reportableMessage(em: EntityManager, conversationId: string, messageId: string): Promise<ReportableMessage | null> {
    const [row] = await em.query(`SELECT id, seq::int AS seq, sender_id AS "senderId" FROM messages WHERE conversation_id = $1 AND id = $2 AND deleted_at IS NULL`, [conversationId, messageId]);
    return row ?? null;
  }

  /** The new report, or null when this reporter reported the message before (see `find`). */
  async add(em: EntityManager, report: NewReport): Promise<MessageReport | null> {
    const [row] = await em.query(
      `WITH added AS (
         INSERT INTO message_reports (id, tenant_id, conversation_id, message_id, message_seq, sender_id, reporter_id, reason, note, escalated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (message_id, reporter_id) DO NOTHING RETURNING *)
       SELECT ${REPORT_COLUMNS} FROM added r JOIN users u ON u.id = r.reporter_id`,
      [uuidv7(), report.tenantId, report.conversationId, report.message.id, report.message.seq, report.message.senderId, report.reporterId, report.reason, report.note, report.escalated],
    );
    return row ? toReport(row) : null;
  }

  /** The conversation's owners and admins, who are told of a report (unless they are the reporter or the author). */
  async moderatorIds(em: EntityManager, conversationId: string): Promise<string[]> {
    const rows: { userId: string }[] = await em.query(`SELECT user_id AS "userId" FROM conversation_members WHERE conversation_id = $1 AND role IN ('owner', 'admin')`, [conversationId]);
    return rows.map((r) => r.userId);
  }

  async findByReporter(em: EntityManager, messageId: string, reporterId: string): Promise<MessageReport | null> {
    const [row] = await em.query(`SELECT ${REPORT_COLUMNS} FROM message_reports r JOIN users u ON u.id = r.reporter_id WHERE r.message_id = $1 AND r.reporter_id = $2`, [messageId, reporterId]);
    return row ? toReport(row) : null;
  }

  /**
   * Closes a report still open; null when the report is not `resolverId`'s to close in `scope`
   * (see `resolvableIn`) or was closed already (`statusOf` tells which). The first decision
   * stands: of two at once, the second waits for the first's row lock and then finds it closed.
   */
  async resolve(em: EntityManager, scope: ReportScope, reportId: string, status: Exclude<ReportStatus, 'open'>, resolverId: string): Promise<MessageReport | null> {
    const [row] = await em.query(
      `WITH resolved AS (
         UPDATE message_reports r SET status = $4, resolved_by = $3, resolved_at = now() WHERE ${resolvableIn(scope)} AND r.status = 'open' RETURNING r.*)
       SELECT ${REPORT_COLUMNS} FROM resolved r JOIN users u ON u.id = r.reporter_id`,
      [scopeId(scope), reportId, resolverId, status],
    );
    return row ? toReport(row) : null;
  }

  /** The status of a report `resolverId` may close in `scope`; null when there is none: tells a closed report apart from one that is not theirs. */
  async statusOf(em: EntityManager, scope: ReportScope, reportId: string, resolverId: string): Promise<ReportStatus | null> {
    const [row] = await em.query(`SELECT r.status FROM message_reports r WHERE ${resolvableIn(scope)}`, [scopeId(scope), reportId, resolverId]);
    return row?.status ?? null;
  }

  /**
   * Closes every open report of `senderId`'s messages in the tenant as `status` (their author was
   * dealt with as a whole, e.g. banned), oldest first; the reports closed.
   */
  async resolveAllOfSender(em: EntityManager, tenantId: string, senderId: string, status: Exclude<ReportStatus, 'open'>, resolvedBy: string): Promise<MessageReport[]> {
    const rows = await em.query(
      `WITH resolved AS (
         UPDATE message_reports SET status = $3, resolved_by = $4, resolved_at = now() WHERE tenant_id = $1 AND status = 'open' AND sender_id = $2 RETURNING *)
       SELECT ${REPORT_COLUMNS} FROM resolved r JOIN users u ON u.id = r.reporter_id ORDER BY r.id`,
      [tenantId, senderId, status, resolvedBy],
    );
    return rows.map(toReport);
  }

  /**
   * One page for a moderator, newest first; `limit + 1` rows are read to tell whether there is
   * more. Reports of the moderator's own messages are left out: they are not theirs to judge, and
   * would name who reported them. So are escalated reports: they went to the tenant's
   * administrators, and a moderator appointed since (by the reported owner, say) has no say in them.
   */
  async page(conversationId: string, viewerId: string, filter: { status?: ReportStatus; before?: string }, limit: number): Promise<{ reports: MessageReport[]; hasMore: boolean }> {
    const rows = await this.dataSource.query(
      `SELECT ${REPORT_COLUMNS} FROM message_reports r JOIN users u ON u.id = r.reporter_id
        WHERE r.conversation_id = $1 AND NOT r.escalated AND r.sender_id <> $2 AND ($3::text IS NULL OR r.status = $3) AND ($4::uuid IS NULL OR r.id < $4)
        ORDER BY r.id DESC LIMIT $5`,
      [conversationId, viewerId, filter.status ?? null, filter.before ?? null, limit + 1],
    );
    return { reports: rows.slice(0, limit).map(toReport), hasMore: rows.length > limit };
  }

  /**
   * The tenant's reports for its administrators, newest first (`message_reports_tenant`), with what
   * they need to judge a conversation they are usually not in: its type, the author's name and the
   * message's text as it is now (null once deleted, or in an end-to-end encrypted conversation,
   * whose text the server cannot read).
   */
  /** The tenant's reports for one of its administrators: not those of their own messages (who reported them is not theirs to learn). */
  async tenantPage(tenantId: string, filter: TenantReportsQuery, limit: number, viewerId: string): Promise<{ reports: TenantReport[]; hasMore: boolean }> {
    const rows: TenantReportRow[] = await this.dataSource.query(
      `SELECT ${REPORT_COLUMNS}, c.type AS "conversationType", s.display_name AS "senderName", s.avatar_url AS "senderAvatarUrl", CASE WHEN c.e2ee OR m.deleted_at IS NOT NULL THEN NULL ELSE m.body END AS "messageBody", m.content_key AS "contentKey"
         FROM message_reports r JOIN users u ON u.id = r.reporter_id JOIN users s ON s.id = r.sender_id
         JOIN conversations c ON c.id = r.conversation_id LEFT JOIN messages m ON m.id = r.message_id
        WHERE r.tenant_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ($3::boolean IS NULL OR r.escalated = $3) AND ($4::uuid IS NULL OR r.id < $4) AND r.sender_id <> $6
        ORDER BY r.id DESC LIMIT $5`,
      [tenantId, filter.status ?? null, filter.escalated ?? null, filter.before ?? null, limit + 1, viewerId],
    );
    // The text as stored is sealed when MESSAGE_ENCRYPTION_KEYS is set, or offloaded: opened here, for the administrator.
    const page = rows.slice(0, limit).map(({ contentKey, ...row }) => ({ row, stored: { id: row.messageId, body: row.messageBody, contentKey } }));
    const withText = page.filter((p): p is typeof p & { stored: StoredBody } => p.stored.body !== null);
    const texts = await this.bodies.open(withText.map((p) => p.stored));
    withText.forEach((p, i) => (p.row.messageBody = texts[i]));
    return { reports: page.map((p) => toReport<TenantReport>(p.row)), hasMore: rows.length > limit };
  }
}

function toReport<R extends MessageReport>(row: Omit<R, 'createdAt' | 'resolvedAt'> & { createdAt: Date; resolvedAt: Date | null }): R {
  return { ...row, createdAt: row.createdAt.toISOString(), resolvedAt: row.resolvedAt?.toISOString() ?? null } as R;
}
