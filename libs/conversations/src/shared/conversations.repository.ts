import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { MemberRole } from '@chat/contracts';
import { ConversationEntity, ConversationMemberEntity, PreparedStatement, escapeLike, type ConversationClientRequest } from '@chat/persistence';

export interface MemberRow {
  userId: string;
  role: MemberRole;
  joinedAt: Date;
  username: string;
  displayName: string;
  avatarUrl: string | null;
}

/** A conversation as inserted; the database fills in the rest (timestamps, last seq, E2EE key state). */
export type NewConversation = Omit<
  ConversationEntity,
  'createdAt' | 'updatedAt' | 'deletedAt' | 'closedAt' | 'lastSeq' | 'e2ee' | 'e2eeKeyVersion' | 'e2eeRotationRequired' | 'clientRequestId' | 'clientRequest'
> & {
  e2ee?: boolean;
  clientRequestId?: string | null;
  clientRequest?: ConversationClientRequest | null;
};

/** Conversations and their members; methods taking an EntityManager run in the caller's transaction. */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  find(tenantId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<ConversationEntity | null> {
    return em.getRepository(ConversationEntity).findOneBy({ tenantId, id, deletedAt: IsNull() });
  }

  /** Reads and locks the row: membership changes and seq allocation on one conversation serialise here. */
  lock(em: EntityManager, tenantId: string, id: string): Promise<ConversationEntity | null> {
    return em.getRepository(ConversationEntity).findOne({ where: { tenantId, id, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  findDirect(tenantId: string, directKey: string): Promise<ConversationEntity | null> {
    return this.dataSource.getRepository(ConversationEntity).findOneBy({ tenantId, directKey, deletedAt: IsNull() });
  }

  /** The tenant's channel of this name (by channelNameKey, as the unique index compares them), public or private. */
  findChannel(tenantId: string, nameKey: string): Promise<ConversationEntity | null> {
    return this.dataSource.getRepository(ConversationEntity).findOneBy({ tenantId, type: 'channel', nameKey, deletedAt: IsNull() });
  }

  /** The conversation `createdBy` made with this `clientRequestId` (deleted ones too: the id stays spent). */
  findByClientRequest(tenantId: string, createdBy: string, clientRequestId: string): Promise<ConversationEntity | null> {
    return this.dataSource.getRepository(ConversationEntity).findOneBy({ tenantId, createdBy, clientRequestId });
  }

  /** The members who joined in the creating transaction and are still there (their joined_at is the conversation's created_at). */
  async foundingMemberIds(tenantId: string, conversationId: string): Promise<string[]> {
    const rows: { userId: string }[] = await this.dataSource.query(
      `SELECT m.user_id AS "userId" FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.tenant_id = $1 AND m.conversation_id = $2 AND m.joined_at = c.created_at`,
      [tenantId, conversationId],
    );
    return rows.map((r) => r.userId);
  }

  async insert(em: EntityManager, row: NewConversation): Promise<ConversationEntity> {
    await em.getRepository(ConversationEntity).insert(row);
    return (await this.find(row.tenantId, row.id, em))!;
  }

  async update(em: EntityManager, row: ConversationEntity, changes: Partial<Pick<ConversationEntity, 'name' | 'nameKey' | 'description' | 'deletedAt'>>): Promise<ConversationEntity> {
    await em.getRepository(ConversationEntity).update({ id: row.id }, { ...changes, updatedAt: () => 'now()' });
    return (await em.getRepository(ConversationEntity).findOneByOrFail({ id: row.id }))!;
  }

  /** Closes the conversation (`closed`), its closing time the change's, or reopens it. */
  async setClosed(em: EntityManager, row: ConversationEntity, closed: boolean): Promise<ConversationEntity> {
    await em.getRepository(ConversationEntity).update({ id: row.id }, { closedAt: () => (closed ? 'now()' : 'NULL'), updatedAt: () => 'now()' });
    return (await em.getRepository(ConversationEntity).findOneByOrFail({ id: row.id }))!;
  }

  roleOf(tenantId: string, conversationId: string, userId: string, em: EntityManager = this.dataSource.manager): Promise<MemberRole | null> {
    return em
      .getRepository(ConversationMemberEntity)
      .findOne({ where: { tenantId, conversationId, userId }, select: { role: true } })
      .then((m) => m?.role ?? null);
  }

  /**
   * The conversation's member count when `userId` is one of its members, else null (not a member,
   * no such conversation, or deleted): the one prepared statement a delivery acknowledgement needs,
   * where requireMember's two entity reads cost several times as much (every member's client
   * acknowledges about once a second in a busy room).
   */
  async memberCountFor(tenantId: string, conversationId: string, userId: string): Promise<number | null> {
    const [row] = await MEMBER_COUNT_FOR.run(this.dataSource, [tenantId, conversationId, userId]);
    return row ? row.member_count : null;
  }

  async members(tenantId: string, conversationId: string): Promise<MemberRow[]> {
    return this.dataSource.query(
      `SELECT m.user_id AS "userId", m.role, m.joined_at AS "joinedAt", u.username, u.display_name AS "displayName", u.avatar_url AS "avatarUrl"
         FROM conversation_members m JOIN users u ON u.id = m.user_id
        WHERE m.tenant_id = $1 AND m.conversation_id = $2
        ORDER BY m.joined_at, m.user_id`,
      [tenantId, conversationId],
    );
  }

  async memberIds(tenantId: string, conversationId: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await em.getRepository(ConversationMemberEntity).find({ where: { tenantId, conversationId }, select: { userId: true } });
    return rows.map((r) => r.userId);
  }

  /** `lastReadSeq`: where the read pointer starts (a newcomer has nothing unread from before the join). */
  async addMembers(em: EntityManager, tenantId: string, conversationId: string, members: { userId: string; role: MemberRole; lastReadSeq?: number }[]): Promise<void> {
    await em.getRepository(ConversationMemberEntity).insert(members.map((m) => ({ tenantId, conversationId, userId: m.userId, role: m.role, lastReadSeq: m.lastReadSeq ?? 0 })));
    await this.recount(em, conversationId);
  }

  async removeMember(em: EntityManager, tenantId: string, conversationId: string, userId: string): Promise<void> {
    await em.getRepository(ConversationMemberEntity).delete({ tenantId, conversationId, userId });
    await this.recount(em, conversationId);
  }

  /** Who takes over from a leaving owner: the longest-standing admin, else the longest-standing member. */
  async successorOf(em: EntityManager, conversationId: string, ownerId: string): Promise<string | null> {
    const [row] = await em.query(
      `SELECT user_id AS "userId" FROM conversation_members WHERE conversation_id = $1 AND user_id <> $2 ORDER BY role = 'admin' DESC, joined_at, user_id LIMIT 1`,
      [conversationId, ownerId],
    );
    return row?.userId ?? null;
  }

  async setRole(em: EntityManager, tenantId: string, conversationId: string, userId: string, role: MemberRole): Promise<void> {
    await em.getRepository(ConversationMemberEntity).update({ tenantId, conversationId, userId }, { role });
  }

  /** My membership row, locked: read pointer, mute and favourite changes of one member serialise here. */
  lockMember(em: EntityManager, tenantId: string, conversationId: string, userId: string): Promise<ConversationMemberEntity | null> {
    return em.getRepository(ConversationMemberEntity).findOne({ where: { tenantId, conversationId, userId }, lock: { mode: 'pessimistic_write' } });
  }

  async updateMember(em: EntityManager, member: ConversationMemberEntity, changes: Partial<Pick<ConversationMemberEntity, 'lastReadSeq' | 'muted' | 'favourite'>>): Promise<void> {
    await em.getRepository(ConversationMemberEntity).update({ conversationId: member.conversationId, userId: member.userId }, changes);
  }

  /**
   * Serialises the stars of one account until the transaction ends, so two at once cannot both pass
   * the cap. An advisory lock, not the users row: that row's key lock is shared by every insert
   * referencing the user, which a row lock would hold up.
   */
  async lockFavourites(em: EntityManager, userId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`favourites:${userId}`]);
  }

  /** My favourites among the conversations that still exist (a deleted one keeps its member rows). */
  async favouriteCount(em: EntityManager, tenantId: string, userId: string): Promise<number> {
    const [{ count }] = await em.query(
      `SELECT count(*)::int AS count FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
        WHERE m.tenant_id = $1 AND m.user_id = $2 AND m.favourite`,
      [tenantId, userId],
    );
    return count;
  }

  /** Every member's read and delivery pointers as stored (see @chat/domain `visiblePointers` for what clients see). */
  async readPointers(tenantId: string, conversationId: string): Promise<{ userId: string; lastReadSeq: number; lastDeliveredSeq: number }[]> {
    const rows = await this.dataSource
      .getRepository(ConversationMemberEntity)
      .find({ where: { tenantId, conversationId }, select: { userId: true, lastReadSeq: true, lastDeliveredSeq: true }, order: { userId: 'ASC' } });
    return rows.map((r) => ({ userId: r.userId, lastReadSeq: r.lastReadSeq, lastDeliveredSeq: r.lastDeliveredSeq }));
  }

  /** The conversations each of these users belongs to (presence reaches their rooms). */
  async conversationIdsOf(tenantId: string, userIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows: { user_id: string; conversation_id: string }[] = await this.dataSource.query(
      `SELECT m.user_id, m.conversation_id FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
        WHERE m.tenant_id = $1 AND m.user_id = ANY($2::uuid[])`,
      [tenantId, userIds],
    );
    const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));
    for (const r of rows) byUser.get(r.user_id)!.push(r.conversation_id);
    return byUser;
  }

  /** Public channels by name, keyset-paged on the name key. */
  async publicChannels(tenantId: string, search: string | null, afterNameKey: string | null, limit: number): Promise<ConversationEntity[]> {
    const qb = this.dataSource
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .where(`c.tenant_id = :tenantId AND c.type = 'channel' AND c.visibility = 'public' AND c.deleted_at IS NULL`, { tenantId })
      .orderBy('c.name_key', 'ASC')
      .limit(limit);
    if (search) qb.andWhere(`c.name_key LIKE :pattern ESCAPE '\\'`, { pattern: `%${escapeLike(search)}%` });
    if (afterNameKey) qb.andWhere('c.name_key > :afterNameKey', { afterNameKey });
    return qb.getMany();
  }

  /**
   * Every membership change passes here, so this is where an E2EE conversation learns that its key
   * reached someone who left (or not someone who came): no send until a new version is distributed.
   */
  private async recount(em: EntityManager, conversationId: string): Promise<void> {
    await em.query(
      `UPDATE conversations SET member_count = (SELECT count(*) FROM conversation_members WHERE conversation_id = $1), e2ee_rotation_required = e2ee_rotation_required OR e2ee WHERE id = $1`,
      [conversationId],
    );
  }
}

const MEMBER_COUNT_FOR = new PreparedStatement<{ member_count: number }>(
  'conversations-member-count-for',
  `SELECT c.member_count FROM conversations c
     JOIN conversation_members m ON m.conversation_id = c.id AND m.tenant_id = c.tenant_id AND m.user_id = $3
    WHERE c.tenant_id = $1 AND c.id = $2 AND c.deleted_at IS NULL`,
);
