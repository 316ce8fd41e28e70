import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageBodies, PreparedStatement } from '@chat/persistence';
import { tenantLockKey } from './read-model.sql';

/** Bump when the projection's rows change meaning: every process rebuilds once on its next start. */
export const READ_MODEL_VERSION = 2;
const READ_MODEL_NAME = 'conversation-list';

/** Postgres time as the API writes it (JS toISOString: milliseconds, UTC), so rebuilt JSON equals projected JSON. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A stored message as the contract's Message (the SQL twin of the messaging mapper, checked equal by the rebuild spec); its body as stored, opened by openLastMessages. */
const MESSAGE_JSON = `jsonb_build_object(
  'id', l.id, 'conversationId', l.conversation_id, 'seq', l.seq, 'senderId', l.sender_id,
  'body', CASE WHEN l.deleted_at IS NULL THEN l.body ELSE '' END,
  'attachments', CASE WHEN l.deleted_at IS NULL THEN l.attachments ELSE '[]'::jsonb END,
  'createdAt', ${iso('l.created_at')}, 'editedAt', ${iso('l.edited_at')}, 'deletedAt', ${iso('l.deleted_at')},
  'reactions', COALESCE((SELECT jsonb_object_agg(r.emoji, r.n) FROM (SELECT emoji, count(*) AS n FROM message_reactions WHERE message_id = l.id GROUP BY emoji) r), '{}'::jsonb),
  -- Shared by every reader, like the projected message: no one's own reactions (Message.myReactions).
  'myReactions', '[]'::jsonb,
  'clientMessageId', l.client_message_id, 'version', l.version)`;

/**
 * The deleted seqs of conversation `c` as the projection keeps them: every seq before the first
 * live message is deleted (all of them when none is live) ...
 */
const DELETED_THROUGH = `SELECT COALESCE((SELECT min(x.seq) FROM messages x WHERE x.conversation_id = c.id AND x.deleted_at IS NULL) - 1, c.last_seq) AS through`;

/**
 * ... and above that run, each seq that is not a live message: a tombstone, or a purged one whose
 * row is gone (the gaps between consecutive live seqs, and after the last one up to `last_seq`).
 * Reading only tombstones would count purged messages as unread for every pointer before them.
 */
const DELETED_ABOVE = `ARRAY(SELECT s FROM (
     SELECT generate_series(g.prev + 1, g.seq - 1) AS s FROM (
       SELECT x.seq, coalesce(lag(x.seq) OVER (ORDER BY x.seq), d.through) AS prev
         FROM (SELECT seq FROM messages WHERE conversation_id = c.id AND deleted_at IS NULL AND seq > d.through UNION ALL SELECT c.last_seq + 1) x
     ) g
   ) gaps ORDER BY s)`;

/** Serialises every writer of one tenant's read model, so change-log positions follow commit order. */
export async function lockTenantReadModel(em: EntityManager, tenantId: string): Promise<void> {
  await LOCK_TENANT.run(em, [tenantLockKey(tenantId)]);
}

const LOCK_TENANT = new PreparedStatement('read-model-lock', `SELECT pg_advisory_xact_lock(hashtext($1))`);

/**
 * Recomputes the conversation list read model from the source tables (conversations, members,
 * messages, reactions), tenant by tenant, each in one transaction under the projection's lock.
 * Applying events on top afterwards is harmless: every projection step converges.
 * The sync change log is history, not state, so it is kept as it is.
 */
@Injectable()
export class ReadModelRebuild {
  private readonly logger = new Logger(ReadModelRebuild.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly bodies: MessageBodies,
  ) {}

  /** Rebuilds when the stored read model is missing or from another version of the projection. */
  async ensureCurrent(): Promise<void> {
    const [meta] = await this.dataSource.query(`SELECT version FROM rm_meta WHERE name = $1`, [READ_MODEL_NAME]);
    if (meta?.version !== READ_MODEL_VERSION) await this.rebuild();
  }

  async rebuild(): Promise<void> {
    const started = Date.now();
    const tenants: { id: string }[] = await this.dataSource.query(`SELECT id FROM tenants ORDER BY id`);
    for (const { id } of tenants) await this.dataSource.transaction((em) => this.rebuildTenant(em, id));
    await this.dataSource.query(
      `INSERT INTO rm_meta (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, rebuilt_at = now()`,
      [READ_MODEL_NAME, READ_MODEL_VERSION],
    );
    this.logger.log(`conversation list read model rebuilt for ${tenants.length} tenant(s) in ${Date.now() - started} ms`);
  }

  private async rebuildTenant(em: EntityManager, tenantId: string): Promise<void> {
    await lockTenantReadModel(em, tenantId);
    await em.query(`DELETE FROM rm_members WHERE tenant_id = $1`, [tenantId]);
    await em.query(`DELETE FROM rm_conversations WHERE tenant_id = $1`, [tenantId]);
    await em.query(
      `INSERT INTO rm_conversations (conversation_id, tenant_id, type, name, description, visibility, created_by, created_at, updated_at, last_seq, member_count, e2ee, closed_at, last_message, deleted_through, deleted_seqs)
       SELECT c.id, c.tenant_id, c.type, c.name, c.description, c.visibility, c.created_by,
              date_trunc('milliseconds', c.created_at), date_trunc('milliseconds', c.updated_at), c.last_seq, c.member_count,
              CASE WHEN c.e2ee THEN jsonb_build_object('keyVersion', c.e2ee_key_version, 'rotationRequired', c.e2ee_rotation_required) END,
              date_trunc('milliseconds', c.closed_at),
              (SELECT ${MESSAGE_JSON} FROM messages l WHERE l.conversation_id = c.id AND l.seq = c.last_seq),
              d.through, ${DELETED_ABOVE}
         FROM conversations c
         CROSS JOIN LATERAL (${DELETED_THROUGH}) d
        WHERE c.tenant_id = $1 AND c.deleted_at IS NULL`,
      [tenantId],
    );
    await this.openLastMessages(em, tenantId);
    await em.query(
      `INSERT INTO rm_members (conversation_id, user_id, tenant_id, last_read_seq, muted, favourite)
       SELECT m.conversation_id, m.user_id, m.tenant_id, m.last_read_seq, m.muted, m.favourite
         FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
        WHERE m.tenant_id = $1`,
      [tenantId],
    );
  }

  /**
   * The previews were copied from messages.body, which is sealed when MESSAGE_ENCRYPTION_KEYS is set
   * (or escaped, `enc0:`), or only a stub once offloaded to the content store: the read model holds
   * them as the projection writes them, from events, in clear. Only the live last messages whose
   * stored body is sealed, escaped or offloaded are read again (MessageBodies) and rewritten.
   */
  private async openLastMessages(em: EntityManager, tenantId: string): Promise<void> {
    const rows: { conversationId: string; id: string; body: string; contentKey: string | null }[] = await em.query(
      `SELECT r.conversation_id AS "conversationId", m.id, m.body, m.content_key AS "contentKey"
         FROM rm_conversations r JOIN messages m ON m.id = (r.last_message->>'id')::uuid
        WHERE r.tenant_id = $1 AND m.deleted_at IS NULL AND (m.body LIKE 'enc_:%' OR m.content_key IS NOT NULL)`,
      [tenantId],
    );
    if (rows.length === 0) return;
    await em.query(
      `UPDATE rm_conversations r SET last_message = jsonb_set(r.last_message, '{body}', to_jsonb(v.body))
         FROM unnest($1::uuid[], $2::text[]) AS v(conversation_id, body) WHERE r.conversation_id = v.conversation_id`,
      [rows.map((r) => r.conversationId), await this.bodies.open(rows)],
    );
  }
}
