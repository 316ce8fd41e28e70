import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { User } from '@chat/contracts';
import type { UserBlock } from '@chat/domain';

/** One row of a page of my blocks: the person (their public profile) and when I blocked them. */
export interface BlockRow {
  user: User;
  blockedAt: Date;
}

/** Where a page of blocks ended: its last row's time and the blocked person's id (the tie-break). */
export interface BlocksPosition {
  blockedAt: Date;
  userId: string;
}

/** The `user_blocks` table: who blocked whom, in a tenant (see @chat/domain contact-rules for what a block stops). */
@Injectable()
export class UserBlocksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Blocks `blockedId` for `blockerId`, in the caller's transaction; a block that stands keeps its
   * first time, and the answer says whether this one is new. Times are kept to the millisecond, so a
   * page's cursor (an ISO time) names its last row exactly.
   */
  async block(em: EntityManager, tenantId: string, blockerId: string, blockedId: string): Promise<boolean> {
    const inserted: unknown[] = await em.query(
      `INSERT INTO user_blocks (tenant_id, blocker_id, blocked_id, created_at) VALUES ($1, $2, $3, date_trunc('milliseconds', now())) ON CONFLICT (blocker_id, blocked_id) DO NOTHING RETURNING 1`,
      [tenantId, blockerId, blockedId],
    );
    return inserted.length > 0;
  }

  async unblock(tenantId: string, blockerId: string, blockedId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM user_blocks WHERE tenant_id = $1 AND blocker_id = $2 AND blocked_id = $3`, [tenantId, blockerId, blockedId]);
  }

  /** The blocks either way between `userId` and any of `otherIds` (two index lookups per other). */
  between(tenantId: string, userId: string, otherIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<UserBlock[]> {
    if (otherIds.length === 0) return Promise.resolve([]);
    return em.query(
      `SELECT blocker_id AS "blockerId", blocked_id AS "blockedId" FROM user_blocks
        WHERE tenant_id = $1 AND ((blocker_id = $2 AND blocked_id = ANY ($3::uuid[])) OR (blocked_id = $2 AND blocker_id = ANY ($3::uuid[])))`,
      [tenantId, userId, [...otherIds]],
    );
  }

  /** Up to `limit` of the people `blockerId` blocked, the most recent first, after `after`. */
  async page(tenantId: string, blockerId: string, after: BlocksPosition | null, limit: number): Promise<BlockRow[]> {
    const rows: { id: string; username: string; displayName: string; avatarUrl: string | null; isGuest: boolean; createdAt: Date; blockedAt: Date }[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.avatar_url AS "avatarUrl", u.is_guest AS "isGuest", u.created_at AS "createdAt", b.created_at AS "blockedAt"
         FROM user_blocks b JOIN users u ON u.id = b.blocked_id AND u.tenant_id = b.tenant_id
        WHERE b.tenant_id = $1 AND b.blocker_id = $2 AND ($3::timestamptz IS NULL OR (b.created_at, b.blocked_id) < ($3::timestamptz, $4::uuid))
        ORDER BY b.created_at DESC, b.blocked_id DESC
        LIMIT $5`,
      [tenantId, blockerId, after?.blockedAt ?? null, after?.userId ?? null, limit],
    );
    return rows.map(({ blockedAt, createdAt, ...user }) => ({ user: { ...user, createdAt: createdAt.toISOString() }, blockedAt }));
  }

  /** A deleted account's blocks, made by it and of it, in the deletion's transaction. */
  async deleteAllOf(em: EntityManager, tenantId: string, userId: string): Promise<void> {
    await em.query(`DELETE FROM user_blocks WHERE tenant_id = $1 AND (blocker_id = $2 OR blocked_id = $2)`, [tenantId, userId]);
  }
}
