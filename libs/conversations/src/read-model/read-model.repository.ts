import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConversationE2ee, ConversationPartner, ConversationSummary, Message, SyncChangeType } from '@chat/contracts';
import { statusOf } from '@chat/domain';
import { ADDRESSED_MESSAGES_INDEX, addressedToSql } from '@chat/persistence';
import type { ListPosition } from '../list-conversations/list-cursor';
import { tenantLockKey } from './read-model.sql';

interface ListRow {
  conversation_id: string;
  type: ConversationSummary['type'];
  name: string | null;
  description: string | null;
  visibility: ConversationSummary['visibility'];
  created_by: string;
  created_at: Date;
  updated_at: Date;
  last_seq: string;
  member_count: number;
  e2ee: ConversationE2ee | null;
  closed_at: Date | null;
  last_message: Message | null;
  last_read_seq: string;
  muted: boolean;
  favourite: boolean;
  unread_count: number;
  unread_mention_count: number;
  activity_micros: string;
  /** The other member of a direct conversation (null on the other types, or when there is none). */
  partner_id: string | null;
  partner_username: string | null;
  partner_display_name: string | null;
  partner_avatar_url: string | null;
}

export interface StoredChange {
  position: number;
  conversationId: string;
  type: SyncChangeType;
  payload: Record<string, unknown>;
}

/** A page of the change log and, from the same snapshot, how far retention has deleted and how far the log has reached. */
export interface ChangePage {
  changes: StoredChange[];
  prunedThrough: number;
  /** The highest position the log has held: it never falls, as retention raises prunedThrough to every position it deletes. */
  logHead: number;
}

interface ChangePageRow {
  pruned_through: string;
  log_head: string;
  position: string | null;
  conversation_id: string;
  type: SyncChangeType;
  payload: Record<string, unknown>;
}

function partnerOf(r: ListRow): ConversationPartner | null {
  return r.partner_id ? { userId: r.partner_id, username: r.partner_username!, displayName: r.partner_display_name!, avatarUrl: r.partner_avatar_url } : null;
}

/** When a conversation was last active: its last message, else its creation. */
const ACTIVITY = `coalesce((c.last_message->>'createdAt')::timestamptz, c.created_at)`;
/** A list position's time, exact to the microsecond (a float's seconds would round it). */
const AFTER = `('epoch'::timestamptz + $3::bigint * interval '1 microsecond')`;

/**
 * Reads of the projected read model. The list costs the same with ten messages or ten million:
 * it reads the messages table only for my own messages after my read pointer (conversationsOf).
 */
@Injectable()
export class ReadModelRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * My conversations, most recently active first: the last message's time, else the
   * conversation's creation (as the business inbox and search rank them, and the web client
   * re-sorts). Not `updated_at`: a key rotation or a rename changes the conversation without
   * anything new to read. Unread = messages after my read pointer, minus my own (live) ones
   * there, minus deleted ones there. The deleted ones are the run `1..deleted_through` plus the
   * few in `deleted_seqs` (kept short: see ConversationListProjection), arithmetic over two rows
   * per conversation. My own are counted from the messages table's `messages_own_live` index, up
   * to the projected last seq so that both sides agree, and only where something is after my
   * pointer: it reads my own messages there, never the history, and a sender who never reads (a
   * bot) pays for their own count on their own list, not on every send. Of the unread, those
   * addressed to me (mentioning me, or answering a message of mine that stands) are counted from
   * ADDRESSED_MESSAGES_INDEX: the messages after my pointer that mention or answer anyone, each
   * answered one looked up by its seq (addressedToSql). A page at a time, `limit`
   * after the position `after` in that order; the counts are computed for the page's rows only.
   * `favouritesOnly` keeps my starred ones, in the same order (a filter on the rows of my index range).
   * A direct conversation's other person is read from their account now (one primary-key lookup
   * per direct row of the page), not projected: a rename or a new picture shows at once.
   */
  async conversationsOf(
    tenantId: string,
    userId: string,
    { after, limit, favouritesOnly = false }: { after: ListPosition | null; limit: number; favouritesOnly?: boolean },
  ): Promise<(ConversationSummary & { position: ListPosition })[]> {
    const rows: ListRow[] = await this.dataSource.query(
      `WITH page AS (
         SELECT m.conversation_id, m.last_read_seq, m.muted, m.favourite, ${ACTIVITY} AS activity_at
           FROM rm_members m JOIN rm_conversations c ON c.conversation_id = m.conversation_id
          WHERE m.tenant_id = $1 AND m.user_id = $2 AND (NOT $6::boolean OR m.favourite)
            AND ($3::bigint IS NULL OR ${ACTIVITY} < ${AFTER} OR (${ACTIVITY} = ${AFTER} AND m.conversation_id > $4))
          ORDER BY activity_at DESC, m.conversation_id LIMIT $5)
       SELECT c.conversation_id, c.type, c.name, c.description, c.visibility, c.created_by, c.created_at, c.updated_at, c.last_seq, c.member_count, c.e2ee, c.closed_at, c.last_message,
              p.last_read_seq, p.muted, p.favourite, (extract(epoch FROM p.activity_at) * 1000000)::bigint::text AS activity_micros,
              partner.id AS partner_id, partner.username AS partner_username, partner.display_name AS partner_display_name, partner.avatar_url AS partner_avatar_url,
              CASE WHEN c.last_seq <= p.last_read_seq THEN 0
                   ELSE GREATEST(0, c.last_seq - p.last_read_seq
                                    - (SELECT count(*) FROM messages o
                                        WHERE o.conversation_id = p.conversation_id AND o.sender_id = $2 AND o.deleted_at IS NULL
                                          AND o.seq > p.last_read_seq AND o.seq <= c.last_seq)
                                    - GREATEST(0, c.deleted_through - p.last_read_seq)
                                    - (SELECT count(*) FROM unnest(c.deleted_seqs) d WHERE d > p.last_read_seq)) END::int AS unread_count
              , CASE WHEN c.last_seq <= p.last_read_seq THEN 0
                     ELSE (SELECT count(*) FROM messages x
                            WHERE x.conversation_id = p.conversation_id AND ${ADDRESSED_MESSAGES_INDEX.where} AND x.seq > p.last_read_seq AND x.seq <= c.last_seq
                              AND ${addressedToSql('x', '$2')}) END::int AS unread_mention_count
         FROM page p JOIN rm_conversations c ON c.conversation_id = p.conversation_id
         LEFT JOIN LATERAL (SELECT u.id, u.username, u.display_name, u.avatar_url
                              FROM rm_members o JOIN users u ON u.id = o.user_id AND u.tenant_id = o.tenant_id
                             WHERE c.type = 'direct' AND o.conversation_id = p.conversation_id AND o.user_id <> $2
                             ORDER BY o.user_id LIMIT 1) partner ON true
        ORDER BY p.activity_at DESC, p.conversation_id`,
      [tenantId, userId, after?.activityMicros ?? null, after?.conversationId ?? null, limit, favouritesOnly],
    );
    return rows.map((r) => ({
      id: r.conversation_id,
      type: r.type,
      name: r.name,
      description: r.description,
      visibility: r.visibility,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      lastSeq: Number(r.last_seq),
      memberCount: r.member_count,
      ...(r.e2ee ? { e2ee: r.e2ee } : {}),
      status: statusOf({ closedAt: r.closed_at }),
      closedAt: r.closed_at?.toISOString() ?? null,
      lastMessage: r.last_message,
      unreadCount: r.unread_count,
      unreadMentionCount: r.unread_mention_count,
      lastReadSeq: Number(r.last_read_seq),
      muted: r.muted,
      favourite: r.favourite,
      ...(r.type === 'direct' ? { partner: partnerOf(r) } : {}),
      position: { activityMicros: r.activity_micros, conversationId: r.conversation_id },
    }));
  }

  /**
   * A position no change of this tenant can still appear at or below: the log's highest position,
   * read while holding the tenant's projection lock shared. Every writer of a tenant's rows takes
   * and allocates under that lock (lockTenantReadModel, MessagesSentProjection) and holds it through
   * its commit, so with the lock in hand every row of the tenant allocated so far is committed and
   * the next one will be allocated higher. Null when a writer holds the lock now: the lock is only
   * tried, so a sync never waits on the projection (a writer that finds it taken waits the few
   * milliseconds of this read, or the hot path falls back to its transaction).
   */
  async settledHead(tenantId: string): Promise<number | null> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock_shared(hashtext($1)) AS locked`, [tenantLockKey(tenantId)]);
      if (!locked) return null;
      // A statement after the lock: its snapshot sees every commit made before the lock was granted.
      const [{ head }] = await em.query(`SELECT coalesce(max(position), 0) AS head FROM rm_changes`);
      return Number(head);
    });
  }

  /**
   * Up to `limit` changes after `afterPosition` that I may see: rows for the members of the
   * conversations I am in now and that are not deleted (read per conversation, each from its
   * index, so the cost is bounded by my conversations times the page), plus rows addressed to me
   * (a deleted conversation's `conversation.deleted` among them). Membership comes from the write
   * side, like every history read: leaving stops sync at once, not once projected. One statement,
   * so the retention's horizon and the log's head are those of the rows read: a prune committing
   * meanwhile is either wholly seen (the horizon moved) or not at all.
   */
  async changesSince(tenantId: string, userId: string, afterPosition: number, limit: number): Promise<ChangePage> {
    const rows: ChangePageRow[] = await this.dataSource.query(
      `WITH page AS (
         SELECT position, conversation_id, type, payload FROM (
           (SELECT ch.position, ch.conversation_id, ch.type, ch.payload
              FROM conversation_members mine
              JOIN conversations c ON c.id = mine.conversation_id AND c.deleted_at IS NULL
              CROSS JOIN LATERAL (SELECT position, conversation_id, type, payload FROM rm_changes
                                   WHERE conversation_id = mine.conversation_id AND audience = 'members' AND position > $3
                                   ORDER BY position LIMIT $4) ch
             WHERE mine.tenant_id = $1 AND mine.user_id = $2)
           UNION
           (SELECT position, conversation_id, type, payload FROM rm_changes
             WHERE tenant_id = $1 AND user_id = $2 AND position > $3 ORDER BY position LIMIT $4)
         ) visible ORDER BY position LIMIT $4)
       SELECT h.pruned_through, GREATEST(h.pruned_through, (SELECT max(position) FROM rm_changes)) AS log_head, page.*
         FROM rm_change_log_horizon h LEFT JOIN page ON true
        WHERE h.id = 1 ORDER BY page.position`,
      [tenantId, userId, afterPosition, limit],
    );
    const [first] = rows;
    return {
      prunedThrough: Number(first?.pruned_through ?? 0),
      logHead: Number(first?.log_head ?? 0),
      // Without changes the one row carries only the horizon and the head (the page's columns are null).
      changes: rows.flatMap((r) => (r.position === null ? [] : [{ position: Number(r.position), conversationId: r.conversation_id, type: r.type, payload: r.payload }])),
    };
  }
}
