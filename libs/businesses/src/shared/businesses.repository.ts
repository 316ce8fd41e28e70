import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { BusinessAgent, BusinessRole } from '@chat/contracts';
import type { AgentLoad } from '@chat/domain';
import { BusinessAgentEntity, BusinessConversationEntity, BusinessEntity, ConversationEntity, escapeLike } from '@chat/persistence';

/** An inbox row: the business conversation, its customer's display name and picture, and its agent's name (null while unassigned). */
export type InboxRow = BusinessConversationEntity & { customerName: string; customerAvatarUrl: string | null; agentName: string | null };

/** An inbox row with its place in the inbox: its last activity in microseconds since the epoch, as digits. */
export type RankedInboxRow = InboxRow & { activityKey: string };

/** A business found by name, with its sort key (the name lower-cased). */
export type FoundBusiness = BusinessEntity & { nameKey: string };

const BUSINESS_COLUMNS = `b.id, b.tenant_id AS "tenantId", b.name, b.owner_id AS "ownerId", b.routing, b.hours, b.created_at AS "createdAt", b.closed_at AS "closedAt"`;

/**
 * Whether business conversation `bc` is open: never resolved, or the customer wrote after it was
 * (a range of messages_conversation_seq after the seq it was resolved at).
 */
const IS_OPEN = `(bc.resolved_seq IS NULL OR EXISTS (SELECT 1 FROM messages after WHERE after.conversation_id = bc.conversation_id AND after.seq > bc.resolved_seq AND after.sender_id = bc.customer_id))`;

/**
 * Whether the agent `a` (a business_agents row) can be routed conversations: their account, joined
 * as `u`, is neither deleted nor under a ban in force at $now (a timed ban ends by itself).
 */
const ROUTABLE_AGENT = (now: string) => `u.deleted_at IS NULL AND (u.banned_at IS NULL OR (u.banned_until IS NOT NULL AND u.banned_until <= ${now}))`;

/** A business conversation `bc` as its entity (the resolution left out: see IS_OPEN). */
const CONVERSATION_COLUMNS = `bc.conversation_id AS "conversationId", bc.tenant_id AS "tenantId", bc.business_id AS "businessId", bc.customer_id AS "customerId",
              bc.agent_id AS "agentId", bc.assigned_at AS "assignedAt", bc.created_at AS "createdAt"`;

const INBOX_COLUMNS = `bc.conversation_id AS "conversationId", bc.tenant_id AS "tenantId", bc.business_id AS "businessId", bc.customer_id AS "customerId",
              bc.agent_id AS "agentId", bc.assigned_at AS "assignedAt", bc.created_at AS "createdAt", u.display_name AS "customerName", u.avatar_url AS "customerAvatarUrl",
              ag.display_name AS "agentName",
              CASE WHEN ${IS_OPEN} THEN NULL ELSE bc.resolved_at END AS "resolvedAt"`;

/** Business conversations with their customer and agent (none while unassigned), leaving out deleted conversations. */
const INBOX_FROM = `business_conversations bc
           JOIN users u ON u.id = bc.customer_id
           LEFT JOIN users ag ON ag.id = bc.agent_id
           JOIN conversations c ON c.id = bc.conversation_id AND c.deleted_at IS NULL`;

/** Businesses, their agents and their inbox. Writes take the caller's EntityManager: they commit with the conversation they concern. */
@Injectable()
export class BusinessesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  find(tenantId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<BusinessEntity | null> {
    return em.getRepository(BusinessEntity).findOneBy({ tenantId, id });
  }

  /** The business row locked: routing decisions of one business are taken one at a time, so turns stay fair. */
  lock(em: EntityManager, tenantId: string, id: string): Promise<BusinessEntity | null> {
    return em.getRepository(BusinessEntity).findOne({ where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(em: EntityManager, business: Omit<BusinessEntity, 'createdAt' | 'closedAt'>): Promise<void> {
    await em.getRepository(BusinessEntity).insert(business);
  }

  async update(em: EntityManager, id: string, changes: Partial<Pick<BusinessEntity, 'name' | 'routing' | 'hours'>>): Promise<void> {
    await em.getRepository(BusinessEntity).update({ id }, changes);
  }

  /** The business's agents' ids, longest-standing first. */
  async agentIds(businessId: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    return (await this.agentsOf([businessId], em)).get(businessId)!.map((a) => a.id);
  }

  /** Who works the business's inbox: its agents and, unless it is closed, its owner. */
  async insiders(em: EntityManager, businessId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT user_id AS id FROM business_agents WHERE business_id = $1
        UNION SELECT owner_id FROM businesses WHERE id = $1 AND closed_at IS NULL
        ORDER BY id`,
      [businessId],
    );
    return rows.map((r) => r.id);
  }

  /** Each business's agents with their names and pictures, longest-standing first, in one query. */
  async agentsOf(businessIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, BusinessAgent[]>> {
    const byBusiness = new Map<string, BusinessAgent[]>(businessIds.map((id) => [id, []]));
    if (businessIds.length === 0) return byBusiness;
    const rows: (BusinessAgent & { businessId: string })[] = await em.query(
      `SELECT a.business_id AS "businessId", u.id, u.username, u.display_name AS "displayName", u.avatar_url AS "avatarUrl"
         FROM business_agents a JOIN users u ON u.id = a.user_id
        WHERE a.business_id = ANY($1::uuid[])
        ORDER BY a.added_at, a.user_id`,
      [businessIds],
    );
    for (const { businessId, ...agent } of rows) byBusiness.get(businessId)!.push(agent);
    return byBusiness;
  }

  /**
   * Open businesses of the tenant whose name has, for each word of `q`, a word starting with it
   * (words as Postgres's 'simple' parser cuts them: runs of letters and digits, lower-cased), and
   * contains `q` as typed, ignoring case: "coffee sh" finds "The Coffee Shop", not "Shop of Coffee".
   * By name then id, after `after`. The words are looked up in the GIN index businesses_name_words.
   */
  search(tenantId: string, q: string, after: { nameKey: string; id: string } | null, limit: number): Promise<FoundBusiness[]> {
    return this.dataSource.query(
      `WITH words AS (
         SELECT string_agg('''' || replace(replace(w, '\\', '\\\\'), '''', '''''') || ''':*', ' & ')::tsquery AS query
           FROM unnest(tsvector_to_array(to_tsvector('simple', $2))) w
       )
       SELECT ${BUSINESS_COLUMNS}, lower(b.name) AS "nameKey"
         FROM businesses b, words
        WHERE b.tenant_id = $1 AND b.closed_at IS NULL
          AND to_tsvector('simple', b.name) @@ words.query
          AND lower(b.name) LIKE $3 ESCAPE '\\'
          AND ($4::text IS NULL OR (lower(b.name), b.id) > ($4::text, $5::uuid))
        ORDER BY lower(b.name), b.id
        LIMIT $6`,
      [tenantId, q, `%${escapeLike(q.toLowerCase())}%`, after?.nameKey ?? null, after?.id ?? null, limit],
    );
  }

  /** The businesses the user owns or is an agent of (owner wins when both), by name then id, after `after`. */
  mine(tenantId: string, userId: string, after: { nameKey: string; id: string } | null, limit: number): Promise<(FoundBusiness & { role: BusinessRole })[]> {
    return this.dataSource.query(
      `SELECT ${BUSINESS_COLUMNS}, lower(b.name) AS "nameKey", CASE WHEN b.owner_id = $2 THEN 'owner' ELSE 'agent' END AS role
         FROM businesses b
        WHERE b.tenant_id = $1 AND (b.owner_id = $2 OR EXISTS (SELECT 1 FROM business_agents a WHERE a.business_id = b.id AND a.user_id = $2))
          AND ($3::text IS NULL OR (lower(b.name), b.id) > ($3::text, $4::uuid))
        ORDER BY lower(b.name), b.id
        LIMIT $5`,
      [tenantId, userId, after?.nameKey ?? null, after?.id ?? null, limit],
    );
  }

  async isAgent(businessId: string, userId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return em.getRepository(BusinessAgentEntity).existsBy({ businessId, userId });
  }

  /** False when the user was an agent already. */
  async addAgent(em: EntityManager, tenantId: string, businessId: string, userId: string): Promise<boolean> {
    const result = await em.createQueryBuilder().insert().into(BusinessAgentEntity).values({ tenantId, businessId, userId }).orIgnore().execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** False when the user was not an agent. */
  async removeAgent(em: EntityManager, businessId: string, userId: string): Promise<boolean> {
    const { affected } = await em.getRepository(BusinessAgentEntity).delete({ businessId, userId });
    return (affected ?? 0) > 0;
  }

  /** The businesses the user works for or owns, in id order (the order multi-business writers lock them in). */
  async businessesOf(em: EntityManager, tenantId: string, userId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT business_id AS id FROM business_agents WHERE tenant_id = $1 AND user_id = $2
        UNION SELECT id FROM businesses WHERE tenant_id = $1 AND owner_id = $2
        ORDER BY id`,
      [tenantId, userId],
    );
    return rows.map((r) => r.id);
  }

  /** The business passes to `ownerId`, or is closed when there is none (its owner stays on the row, as who closed it). */
  async passOwnership(em: EntityManager, id: string, ownerId: string | null): Promise<void> {
    await em.getRepository(BusinessEntity).update({ id }, ownerId ? { ownerId } : { closedAt: () => 'now()' });
  }

  /**
   * Every agent who can be routed conversations at `now` (not banned then, not deleted: see
   * ROUTABLE_AGENT) with its open conversations and its last turn, for routing: those not resolved (or
   * written to by the customer since) that had a message or their assignment after `activeSince`
   * (null: no window; the last message is one lookup per conversation on messages_conversation_seq).
   * The window keeps conversations nobody resolved, such as those from before agents could, from
   * counting forever: a lifetime count sent every new conversation to a newly added agent.
   */
  async agentLoads(em: EntityManager, businessId: string, activeSince: Date | null, now: Date): Promise<Omit<AgentLoad, 'online'>[]> {
    // Microseconds, not a Date's milliseconds: two assignments within one millisecond still take turns.
    const rows: { userId: string; openConversations: string; lastAssignedAt: string }[] = await em.query(
      `SELECT a.user_id AS "userId", coalesce((extract(epoch FROM a.last_assigned_at) * 1000000)::bigint, 0) AS "lastAssignedAt",
              (SELECT count(*) FROM business_conversations bc JOIN conversations c ON c.id = bc.conversation_id AND c.deleted_at IS NULL
                WHERE bc.business_id = a.business_id AND bc.agent_id = a.user_id AND ${IS_OPEN}
                  AND ($2::timestamptz IS NULL OR bc.assigned_at > $2 OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.seq = c.last_seq AND m.created_at > $2))) AS "openConversations"
         FROM business_agents a JOIN users u ON u.id = a.user_id
        WHERE a.business_id = $1 AND ${ROUTABLE_AGENT('$3::timestamptz')}`,
      [businessId, activeSince, now],
    );
    return rows.map((r) => ({ userId: r.userId, openConversations: Number(r.openConversations), lastAssignedAt: Number(r.lastAssignedAt) }));
  }

  /**
   * Up to `limit` open conversations (see IS_OPEN) waiting unassigned in the business's inbox, oldest
   * first, locked, leaving out those of `skip` (ids). A resolved one waits for nothing until its
   * customer writes again.
   */
  waiting(em: EntityManager, businessId: string, limit: number, skip: readonly string[] = []): Promise<BusinessConversationEntity[]> {
    return em.query(
      `SELECT ${CONVERSATION_COLUMNS}
         FROM business_conversations bc JOIN conversations c ON c.id = bc.conversation_id AND c.deleted_at IS NULL
        WHERE bc.business_id = $1 AND bc.agent_id IS NULL AND ${IS_OPEN} AND NOT (bc.conversation_id = ANY($3::uuid[]))
        ORDER BY bc.created_at, bc.conversation_id
        LIMIT $2
        FOR UPDATE OF bc`,
      [businessId, limit, skip],
    );
  }

  /**
   * Open businesses with an agent who can be routed to (see ROUTABLE_AGENT) and an open conversation
   * waiting unassigned, by id after `afterId` (index lookups on business_conversations_agent and the
   * agents' key; a resolved unassigned conversation costs a lookup of its customer's later messages).
   */
  withWaiting(afterId: string | null, limit: number): Promise<BusinessEntity[]> {
    return this.dataSource.query(
      `SELECT ${BUSINESS_COLUMNS}
         FROM businesses b
        WHERE b.closed_at IS NULL AND ($1::uuid IS NULL OR b.id > $1::uuid)
          AND EXISTS (SELECT 1 FROM business_conversations bc WHERE bc.business_id = b.id AND bc.agent_id IS NULL AND ${IS_OPEN})
          AND EXISTS (SELECT 1 FROM business_agents a JOIN users u ON u.id = a.user_id WHERE a.business_id = b.id AND ${ROUTABLE_AGENT('now()')})
        ORDER BY b.id
        LIMIT $2`,
      [afterId, limit],
    );
  }

  /** The customer's conversation with the business, as an inbox row. */
  async findConversationOf(businessId: string, customerId: string): Promise<InboxRow | null> {
    const [row]: InboxRow[] = await this.dataSource.query(
      `SELECT ${INBOX_COLUMNS}
         FROM ${INBOX_FROM}
        WHERE bc.business_id = $1 AND bc.customer_id = $2`,
      [businessId, customerId],
    );
    return row ?? null;
  }

  conversationsByIds(ids: readonly string[]): Promise<ConversationEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.dataSource.getRepository(ConversationEntity).findBy({ id: In([...ids]) });
  }

  lockConversation(em: EntityManager, businessId: string, conversationId: string): Promise<BusinessConversationEntity | null> {
    return em.getRepository(BusinessConversationEntity).findOne({ where: { businessId, conversationId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Marks the conversation resolved now, at its last seq: a customer message after that opens it again. */
  async resolve(em: EntityManager, conversationId: string): Promise<void> {
    await em.query(`UPDATE business_conversations bc SET resolved_at = now(), resolved_seq = c.last_seq FROM conversations c WHERE c.id = bc.conversation_id AND bc.conversation_id = $1`, [conversationId]);
  }

  async insertConversation(em: EntityManager, row: Omit<BusinessConversationEntity, 'createdAt'>): Promise<void> {
    await em.getRepository(BusinessConversationEntity).insert(row);
  }

  /** Hands the conversation to `agentId` (null: back to the inbox) and, for an agent, moves their turn. */
  async assign(em: EntityManager, businessId: string, conversationId: string, agentId: string | null): Promise<void> {
    await em.getRepository(BusinessConversationEntity).update({ conversationId }, { agentId, assignedAt: agentId ? () => 'now()' : null });
    if (agentId) await em.getRepository(BusinessAgentEntity).update({ businessId, userId: agentId }, { lastAssignedAt: () => 'now()' });
  }

  /** The conversations assigned to an agent, locked, oldest first, each saying whether it is open (see IS_OPEN). */
  assignedTo(em: EntityManager, businessId: string, agentId: string): Promise<(BusinessConversationEntity & { open: boolean })[]> {
    return em.query(
      `SELECT ${CONVERSATION_COLUMNS}, ${IS_OPEN} AS open
         FROM business_conversations bc
        WHERE bc.business_id = $1 AND bc.agent_id = $2
        ORDER BY bc.created_at, bc.conversation_id
        FOR UPDATE OF bc`,
      [businessId, agentId],
    );
  }

  /**
   * The inbox, most recently active first (a message's time, else the conversation's creation),
   * then by conversation id, after `after` (keyset: a page never repeats or skips a conversation
   * whose activity did not change meanwhile).
   */
  inbox(businessId: string, filter: { agentId?: string | null }, after: { activityKey: string; id: string } | null, limit: number): Promise<RankedInboxRow[]> {
    // Microseconds, not a Date's milliseconds: two messages within one millisecond still keep their order.
    const activity = `(extract(epoch FROM coalesce((SELECT m.created_at FROM messages m WHERE m.conversation_id = bc.conversation_id ORDER BY m.seq DESC LIMIT 1), bc.created_at)) * 1000000)::bigint`;
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT ${INBOX_COLUMNS}, ${activity} AS "activityKey"
           FROM ${INBOX_FROM}
          WHERE bc.business_id = $1 AND ($2::boolean IS FALSE OR bc.agent_id IS NOT DISTINCT FROM $3::uuid)
       ) i
       WHERE $4::bigint IS NULL OR i."activityKey" < $4::bigint OR (i."activityKey" = $4::bigint AND i."conversationId" > $5::uuid)
       ORDER BY i."activityKey" DESC, i."conversationId"
       LIMIT $6`,
      [businessId, filter.agentId !== undefined, filter.agentId ?? null, after?.activityKey ?? null, after?.id ?? null, limit],
    );
  }
}
