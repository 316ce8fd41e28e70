import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ConversationBan, MessageReport, ModerationAction, ModerationEntry, ModerationLogQuery } from '@chat/contracts';
import { ConversationBanEntity, escapeLike } from '@chat/persistence';

export interface NewModerationEntry {
  tenantId: string;
  /** Null for account actions. */
  conversationId: string | null;
  actorId: string;
  action: ModerationAction;
  targetUserId?: string | null;
  messageId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Bans and the moderation log. Writes take the caller's EntityManager: they commit with the action. */
@Injectable()
export class ModerationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(em: EntityManager, entry: NewModerationEntry): Promise<void> {
    await this.recordAll(em, [entry]);
  }

  /** Entries in one statement, however many: an account ban may close thousands of reports. */
  async recordAll(em: EntityManager, entries: readonly NewModerationEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await em.query(
      `INSERT INTO moderation_log (id, tenant_id, conversation_id, actor_id, action, target_user_id, message_id, reason, details)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::jsonb[])`,
      [
        entries.map(() => uuidv7()),
        entries.map((e) => e.tenantId),
        entries.map((e) => e.conversationId),
        entries.map((e) => e.actorId),
        entries.map((e) => e.action),
        entries.map((e) => e.targetUserId ?? null),
        entries.map((e) => e.messageId ?? null),
        entries.map((e) => e.reason ?? null),
        entries.map((e) => JSON.stringify(e.details ?? {})),
      ],
    );
  }

  /**
   * Reports closed, each logged in its conversation with its reporter and message. `by` names who
   * closed them when it was not one of the conversation's moderators.
   */
  async recordResolved(em: EntityManager, tenantId: string, actorId: string, reports: readonly MessageReport[], by?: 'tenant-admin' | 'account-ban'): Promise<void> {
    await this.recordAll(
      em,
      reports.map((report) => ({
        tenantId,
        conversationId: report.conversationId,
        actorId,
        action: 'report.resolved' as const,
        targetUserId: report.reporterId,
        messageId: report.messageId,
        details: { reportId: report.id, status: report.status, ...(by && { by }) },
      })),
    );
  }

  /** Bans (or bans again, replacing reason, expiry and the role it protects) for `durationSeconds`, or until lifted when null. */
  async ban(em: EntityManager, row: Omit<ConversationBanEntity, 'createdAt' | 'expiresAt'>, durationSeconds: number | null): Promise<BanRow> {
    const [saved] = await em.query(
      `INSERT INTO conversation_bans (conversation_id, user_id, tenant_id, banned_by, reason, expires_at, banned_role)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::float8), $7)
       ON CONFLICT (conversation_id, user_id) DO UPDATE SET banned_by = EXCLUDED.banned_by, reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at, banned_role = EXCLUDED.banned_role, created_at = now()
       RETURNING user_id AS "userId", banned_by AS "bannedBy", reason, created_at AS "createdAt", expires_at AS "expiresAt",
                 (SELECT display_name FROM users WHERE id = $2) AS "displayName", (SELECT avatar_url FROM users WHERE id = $2) AS "avatarUrl"`,
      [row.conversationId, row.userId, row.tenantId, row.bannedBy, row.reason, durationSeconds, row.bannedRole],
    );
    return saved;
  }

  /** True when there was a ban to lift (an expired one counts: it is removed too). */
  async lift(em: EntityManager, conversationId: string, userId: string): Promise<boolean> {
    const [, count] = await em.query(`DELETE FROM conversation_bans WHERE conversation_id = $1 AND user_id = $2`, [conversationId, userId]);
    return count > 0;
  }

  /** The ban in force on this user, if any (an expired one is none), with the role they had when banned. */
  async banInForce(conversationId: string, userId: string, em: EntityManager = this.dataSource.manager): Promise<Pick<ConversationBanEntity, 'expiresAt' | 'bannedRole'> | null> {
    const [row] = await em.query(
      `SELECT expires_at AS "expiresAt", banned_role AS "bannedRole" FROM conversation_bans WHERE conversation_id = $1 AND user_id = $2 AND (expires_at IS NULL OR expires_at > now())`,
      [conversationId, userId],
    );
    return row ?? null;
  }

  /**
   * One page of the bans in force, newest first, continuing after the ban of the user `before`;
   * null when that user has no ban here (lifted since: the page has no place to continue from).
   * `limit + 1` rows are read to tell whether there is more.
   */
  async bans(conversationId: string, before: string | null, limit: number): Promise<{ bans: ConversationBan[]; hasMore: boolean } | null> {
    const cursor = `SELECT c.created_at, c.user_id FROM conversation_bans c WHERE c.conversation_id = $1 AND c.user_id = $2`;
    if (before && (await this.dataSource.query(cursor, [conversationId, before])).length === 0) return null;
    const rows: BanRow[] = await this.dataSource.query(
      `SELECT b.user_id AS "userId", u.display_name AS "displayName", u.avatar_url AS "avatarUrl", b.banned_by AS "bannedBy", b.reason, b.created_at AS "createdAt", b.expires_at AS "expiresAt"
         FROM conversation_bans b JOIN users u ON u.id = b.user_id
        WHERE b.conversation_id = $1 AND (b.expires_at IS NULL OR b.expires_at > now()) AND ($2::uuid IS NULL OR (b.created_at, b.user_id) < (${cursor}))
        ORDER BY b.created_at DESC, b.user_id DESC LIMIT $3`,
      [conversationId, before, limit + 1],
    );
    return { bans: rows.slice(0, limit).map(toBan), hasMore: rows.length > limit };
  }

  /**
   * One page of the log, newest first: one conversation's, or the whole tenant's (account actions
   * included). `limit + 1` rows are read to tell whether there is more. The entries of reports of
   * `viewerId`'s own messages are left out: who reported someone is not theirs to learn, even when
   * they moderate the conversation (their report went to the tenant's administrators then). So are,
   * in a conversation's log, the entries of escalated reports: those are the administrators' (seen in
   * the tenant's log), and an admin the reported owner appoints later would learn the reporter there.
   */
  async search(scope: { conversationId: string } | { tenantId: string }, query: ModerationLogQuery, limit: number, viewerId: string): Promise<{ entries: ModerationEntry[]; hasMore: boolean }> {
    const pattern = query.q ? `%${escapeLike(query.q)}%` : null;
    const rows = await this.dataSource.query(
      `SELECT l.id, l.action, l.conversation_id AS "conversationId", l.actor_id AS "actorId", a.display_name AS "actorName", l.target_user_id AS "targetUserId", t.display_name AS "targetName", l.message_id AS "messageId", l.reason, l.details, l.created_at AS "createdAt"
         FROM moderation_log l
         LEFT JOIN users a ON a.id = l.actor_id
         LEFT JOIN users t ON t.id = l.target_user_id
        WHERE ($1::uuid IS NULL OR l.conversation_id = $1) AND ($8::uuid IS NULL OR l.tenant_id = $8)
          AND ($2::uuid IS NULL OR l.id < $2)
          AND ($3::text IS NULL OR l.action = $3)
          AND ($4::uuid IS NULL OR l.actor_id = $4)
          AND ($5::uuid IS NULL OR l.target_user_id = $5)
          AND ($6::text IS NULL OR l.reason ILIKE $6 OR a.username ILIKE $6 OR a.display_name ILIKE $6 OR t.username ILIKE $6 OR t.display_name ILIKE $6)
          AND NOT (l.action IN ('message.reported', 'report.resolved') AND EXISTS (SELECT 1 FROM message_reports r WHERE r.message_id = l.message_id AND r.sender_id = $9))
          AND NOT ($1::uuid IS NOT NULL AND l.action IN ('message.reported', 'report.resolved')
                   AND EXISTS (SELECT 1 FROM message_reports r WHERE r.id = (l.details->>'reportId')::uuid AND r.escalated))
        ORDER BY l.id DESC
        LIMIT $7`,
      [
        'conversationId' in scope ? scope.conversationId : null,
        query.before ?? null,
        query.action ?? null,
        query.actorId ?? null,
        query.targetUserId ?? null,
        pattern,
        limit + 1,
        'tenantId' in scope ? scope.tenantId : null,
        viewerId,
      ],
    );
    return { entries: rows.slice(0, limit).map((r: ModerationEntry & { createdAt: Date }) => ({ ...r, createdAt: r.createdAt.toISOString() })), hasMore: rows.length > limit };
  }
}

/** A ban row with its user's display name and picture. */
export type BanRow = Pick<ConversationBanEntity, 'userId' | 'bannedBy' | 'reason' | 'createdAt' | 'expiresAt'> & { displayName: string; avatarUrl: string | null };

export function toBan(row: BanRow): ConversationBan {
  return { userId: row.userId, displayName: row.displayName, avatarUrl: row.avatarUrl, bannedBy: row.bannedBy, reason: row.reason, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt?.toISOString() ?? null };
}
