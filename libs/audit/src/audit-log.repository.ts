import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditAction, AuditEntry, AuditLogQuery, AuditOutcome, AuditSummaryRow } from '@chat/contracts';
import { idFloor } from '@chat/domain';
import { PreparedStatement, storableJson } from '@chat/persistence';

export interface NewAuditEntry {
  /** Time-ordered: the event's id, or `timeOrderedId(occurredAt)`. */
  id: string;
  tenantId: string;
  occurredAt: Date;
  action: AuditAction;
  outcome: AuditOutcome;
  errorCode?: string | null;
  actorId: string | null;
  conversationId: string | null;
  messageId: string | null;
  requestId: string | null;
  ip?: string | null;
  details: Record<string, unknown>;
}

/** One statement for any number of entries; an id already recorded is skipped (redelivered events). */
const RECORD = new PreparedStatement(
  'audit-record',
  `INSERT INTO audit_log (tenant_id, id, occurred_at, action, outcome, error_code, actor_id, conversation_id, message_id, request_id, ip, details)
   SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::jsonb[])
   ON CONFLICT (tenant_id, id) DO NOTHING`,
);

/** The audit_log table: recording, the administrators' search and summary, and retention. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(entries: readonly NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await RECORD.run(this.dataSource, [
      entries.map((e) => e.tenantId),
      entries.map((e) => e.id),
      entries.map((e) => e.occurredAt.toISOString()),
      entries.map((e) => e.action),
      entries.map((e) => e.outcome),
      entries.map((e) => e.errorCode ?? null),
      entries.map((e) => e.actorId),
      entries.map((e) => e.conversationId),
      entries.map((e) => e.messageId),
      entries.map((e) => e.requestId),
      entries.map((e) => e.ip ?? null),
      entries.map((e) => storableJson(e.details)),
    ]);
  }

  /** One page, newest first. `limit + 1` rows are read to tell whether there is more. */
  async search(tenantId: string, filter: AuditLogQuery, limit: number): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    const rows: (AuditEntry & { occurredAt: Date })[] = await this.dataSource.query(
      `SELECT l.id, l.action, l.outcome, l.error_code AS "errorCode", l.actor_id AS "actorId", u.display_name AS "actorName", u.avatar_url AS "actorAvatarUrl",
              l.conversation_id AS "conversationId", l.message_id AS "messageId", l.request_id AS "requestId", l.ip, l.details, l.occurred_at AS "occurredAt"
         FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
        WHERE l.tenant_id = $1
          AND ($2::uuid IS NULL OR l.id < $2)
          AND ($3::uuid IS NULL OR l.id >= $3)
          AND ($4::uuid IS NULL OR l.id < $4)
          AND ($5::text IS NULL OR l.action = $5)
          AND ($6::text IS NULL OR l.outcome = $6)
          AND ($7::uuid IS NULL OR l.actor_id = $7)
          AND ($8::uuid IS NULL OR l.conversation_id = $8)
        ORDER BY l.id DESC
        LIMIT $9`,
      [
        tenantId,
        filter.before ?? null,
        filter.since ? idFloor(new Date(filter.since)) : null,
        filter.until ? idFloor(new Date(filter.until)) : null,
        filter.action ?? null,
        filter.outcome ?? null,
        filter.actorId ?? null,
        filter.conversationId ?? null,
        limit + 1,
      ],
    );
    return { entries: rows.slice(0, limit).map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() })), hasMore: rows.length > limit };
  }

  /** Entries per UTC day, action and outcome in [since, until). */
  async summary(tenantId: string, since: Date, until: Date): Promise<AuditSummaryRow[]> {
    const rows: { day: string; action: AuditAction; outcome: AuditOutcome; count: string }[] = await this.dataSource.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, action, outcome, count(*) AS count
         FROM audit_log
        WHERE tenant_id = $1 AND id >= $2 AND id < $3
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3`,
      [tenantId, idFloor(since), idFloor(until)],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  /**
   * Deletes up to `batch` entries recorded before `cutoff`, oldest first, per tenant; answers how
   * many went. Ids order by time, so each tenant's doomed rows are the start of its key range.
   */
  async prune(cutoff: Date, batch: number): Promise<number> {
    const [, deleted] = await this.dataSource.query(
      `DELETE FROM audit_log WHERE (tenant_id, id) IN (
         SELECT l.tenant_id, l.id FROM tenants t CROSS JOIN LATERAL (
           SELECT tenant_id, id FROM audit_log WHERE tenant_id = t.id AND id < $1 ORDER BY id LIMIT $2) l
         LIMIT $2)`,
      [idFloor(cutoff), batch],
    );
    return deleted;
  }
}
