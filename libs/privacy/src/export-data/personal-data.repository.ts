import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageBodies } from '@chat/persistence';
import { EXPORTED_MESSAGE_COLUMNS, EXPORTED_USER_COLUMNS, openExportedBodies } from './exported-columns';

/** Rows read per round trip while streaming an account's messages, reactions or audit trail. */
const ROWS_PER_FETCH = 500;

type Row = Record<string, unknown>;

/**
 * Everything the platform keeps about one account, read for its export (seed 003, req. 11.3). It
 * reads other contexts' tables directly, on purpose: an export must cover every place personal data
 * lives, and one file listing them all is what keeps it complete when a table is added.
 */
@Injectable()
export class PersonalDataRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bodies: MessageBodies,
  ) {}

  /** The account itself, its settings and everything small enough to hold in memory (the rest streams: the each… methods). */
  async profile(tenantId: string, userId: string): Promise<Record<string, Row[] | Row | null>> {
    const q = (sql: string) => this.dataSource.query(sql, [tenantId, userId]) as Promise<Row[]>;
    const [user] = await q(
      `SELECT ${EXPORTED_USER_COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2`,
    );
    const [notificationSettings] = await q(
      `SELECT push, email, email_address AS "emailAddress", channels, updated_at AS "updatedAt" FROM notification_settings WHERE tenant_id = $1 AND user_id = $2`,
    );
    return {
      user: user ?? null,
      notificationSettings: notificationSettings ?? null,
      pushSubscriptions: await q(`SELECT id, endpoint, registered_at AS "registeredAt" FROM push_subscriptions WHERE tenant_id = $1 AND user_id = $2 ORDER BY registered_at`),
      logins: await q(`SELECT id, created_at AS "createdAt", revoked_at AS "revokedAt" FROM auth_sessions WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at`),
      conversations: await q(
        `SELECT c.id, c.type, c.name, m.role, m.joined_at AS "joinedAt", m.last_read_seq AS "lastReadSeq",
                GREATEST(m.last_delivered_seq, m.last_read_seq) AS "lastDeliveredSeq", m.muted, m.favourite
           FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.tenant_id = $1 AND m.user_id = $2 ORDER BY m.joined_at`,
      ),
      // The people I blocked (who blocked me is theirs to know, not mine).
      blocks: await q(`SELECT blocked_id AS "userId", created_at AS "blockedAt" FROM user_blocks WHERE tenant_id = $1 AND blocker_id = $2 ORDER BY created_at`),
      media: await q(`SELECT id, name, content_type AS "contentType", size, created_at AS "createdAt" FROM media WHERE tenant_id = $1 AND uploader_id = $2 ORDER BY created_at`),
      businesses: await q(
        `SELECT b.id, b.name, b.owner_id = $2 AS owner, a.user_id IS NOT NULL AS agent
           FROM businesses b LEFT JOIN business_agents a ON a.business_id = b.id AND a.user_id = $2
          WHERE b.tenant_id = $1 AND (b.owner_id = $2 OR a.user_id IS NOT NULL) ORDER BY b.created_at`,
      ),
    };
  }

  /** The account's messages (tombstones included), oldest first, in batches (see eachBatch). */
  eachMessageBatch(tenantId: string, userId: string, handle: (rows: Row[]) => Promise<void>): Promise<void> {
    return this.eachBatch(
      'account_messages',
      `SELECT ${EXPORTED_MESSAGE_COLUMNS} FROM messages WHERE tenant_id = $1 AND sender_id = $2 ORDER BY created_at, id`,
      [tenantId, userId],
      async (rows) => handle(await openExportedBodies(this.bodies, rows as (Row & { id: string; body: string })[])),
    );
  }

  /** The reactions the account gave, oldest first, in batches. */
  eachReactionBatch(tenantId: string, userId: string, handle: (rows: Row[]) => Promise<void>): Promise<void> {
    return this.eachBatch(
      'account_reactions',
      `SELECT message_id AS "messageId", conversation_id AS "conversationId", emoji, created_at AS "createdAt"
         FROM message_reactions WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at, message_id, emoji`,
      [tenantId, userId],
      handle,
    );
  }

  /** The account's audit trail (what it did), oldest first, in batches. */
  eachAuditBatch(tenantId: string, userId: string, handle: (rows: Row[]) => Promise<void>): Promise<void> {
    return this.eachBatch(
      'account_audit',
      `SELECT id, action, outcome, error_code AS "errorCode", conversation_id AS "conversationId", message_id AS "messageId", ip, occurred_at AS "occurredAt"
         FROM audit_log WHERE tenant_id = $1 AND actor_id = $2 ORDER BY id`,
      [tenantId, userId],
      handle,
    );
  }

  /**
   * The rows of `select` handed over in batches from one server-side cursor, `cursor` by name: one
   * pass over the table however many there are, never all in memory.
   */
  private async eachBatch(cursor: string, select: string, params: unknown[], handle: (rows: Row[]) => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${select}`, params);
      for (;;) {
        const rows: Row[] = await runner.query(`FETCH ${ROWS_PER_FETCH} FROM ${cursor}`);
        if (rows.length === 0) break;
        await handle(rows);
      }
      await runner.commitTransaction();
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }
}
