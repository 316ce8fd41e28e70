import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageBodies } from '@chat/persistence';
import { EXPORTED_MESSAGE_COLUMNS, EXPORTED_TENANT_USER_COLUMNS, openExportedBodies } from '../export-data/exported-columns';

type Row = Record<string, unknown>;
/** Below every UUID: the keyset's start. */
const FIRST = '00000000-0000-0000-0000-000000000000';

/**
 * One tenant's data, read for an administrator's export (seed 003, req. 13.3), a keyset page at a
 * time. Every statement is filtered by the tenant, the conversation-scoped ones too: an export
 * never holds another tenant's row, whatever a key says. Pages follow indexes: users and
 * conversations by `(tenant_id, id)`, members and bans by their key, messages by `(conversation_id,
 * seq)`, reactions by their message's key, blocks by theirs (`(blocker_id, blocked_id)`, for a page of
 * blockers), reports by `message_reports_conversation`, a business's conversations by
 * `business_conversations_customer`, the moderation log by `moderation_log_tenant`.
 */
@Injectable()
export class TenantDataRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bodies: MessageBodies,
  ) {}

  async tenant(tenantId: string): Promise<Row | null> {
    const [row] = await this.q(`SELECT id, slug, name, created_at AS "createdAt" FROM tenants WHERE id = $1`, [tenantId]);
    return row ?? null;
  }

  users(tenantId: string, after: string | null, limit: number): Promise<Row[]> {
    return this.q(`SELECT ${EXPORTED_TENANT_USER_COLUMNS} FROM users WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [tenantId, after ?? FIRST, limit]);
  }

  conversations(tenantId: string, after: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT id, type, name, description, visibility, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt", last_seq AS "lastSeq"
         FROM conversations WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [tenantId, after ?? FIRST, limit],
    );
  }

  memberships(tenantId: string, conversationId: string, afterUser: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT conversation_id AS "conversationId", user_id AS "userId", role, joined_at AS "joinedAt", last_read_seq AS "lastReadSeq",
              GREATEST(last_delivered_seq, last_read_seq) AS "lastDeliveredSeq", muted, favourite
         FROM conversation_members WHERE tenant_id = $1 AND conversation_id = $2 AND user_id > $3 ORDER BY user_id LIMIT $4`,
      [tenantId, conversationId, afterUser ?? FIRST, limit],
    );
  }

  /** Tombstones included; the body a tombstone still holds is dropped by messageRecord. */
  async messages(tenantId: string, conversationId: string, afterSeq: string | null, limit: number): Promise<Row[]> {
    const rows = await this.q(
      `SELECT ${EXPORTED_MESSAGE_COLUMNS}, sender_id AS "senderId"
         FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
      [tenantId, conversationId, afterSeq ?? '0', limit],
    );
    return openExportedBodies(this.bodies, rows as (Row & { id: string; body: string })[]);
  }

  /** Reactions to some messages (a page of them), themselves paged by their key. */
  reactions(tenantId: string, messageIds: string[], after: Row | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT message_id AS "messageId", conversation_id AS "conversationId", user_id AS "userId", emoji, created_at AS "createdAt"
         FROM message_reactions
        WHERE tenant_id = $1 AND message_id = ANY($2::uuid[]) AND (message_id, emoji, user_id) > ($3::uuid, $4::text, $5::uuid)
        ORDER BY message_id, emoji, user_id LIMIT $6`,
      [tenantId, messageIds, after?.messageId ?? FIRST, after?.emoji ?? '', after?.userId ?? FIRST, limit],
    );
  }

  /** A conversation's pins, by seq. */
  pins(tenantId: string, conversationId: string, afterSeq: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT conversation_id AS "conversationId", seq, pinned_by AS "pinnedBy", pinned_at AS "pinnedAt"
         FROM message_pins WHERE tenant_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
      [tenantId, conversationId, afterSeq ?? '0', limit],
    );
  }

  /** The blocks some users (a page of them) made, themselves paged by their key. */
  blocks(tenantId: string, blockerIds: string[], after: Row | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT blocker_id AS "blockerId", blocked_id AS "blockedId", created_at AS "createdAt"
         FROM user_blocks
        WHERE tenant_id = $1 AND blocker_id = ANY($2::uuid[]) AND (blocker_id, blocked_id) > ($3::uuid, $4::uuid)
        ORDER BY blocker_id, blocked_id LIMIT $5`,
      [tenantId, blockerIds, after?.blockerId ?? FIRST, after?.blockedId ?? FIRST, limit],
    );
  }

  bans(tenantId: string, conversationId: string, afterUser: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT conversation_id AS "conversationId", user_id AS "userId", banned_by AS "bannedBy", reason, created_at AS "createdAt", expires_at AS "expiresAt"
         FROM conversation_bans WHERE tenant_id = $1 AND conversation_id = $2 AND user_id > $3 ORDER BY user_id LIMIT $4`,
      [tenantId, conversationId, afterUser ?? FIRST, limit],
    );
  }

  /**
   * A conversation's reports, paged by `(status, id)` (open ones first, each status in time order).
   * By conversation, not by message: a report outlives its message once retention purges the tombstone.
   */
  reports(tenantId: string, conversationId: string, after: Row | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT id, conversation_id AS "conversationId", message_id AS "messageId", message_seq AS "messageSeq", sender_id AS "senderId", reporter_id AS "reporterId",
              reason, note, status, escalated, created_at AS "createdAt", resolved_by AS "resolvedBy", resolved_at AS "resolvedAt"
         FROM message_reports
        WHERE tenant_id = $1 AND conversation_id = $2 AND (status, id) > ($3::text, $4::uuid)
        ORDER BY status, id LIMIT $5`,
      [tenantId, conversationId, after?.status ?? '', after?.id ?? FIRST, limit],
    );
  }

  businesses(tenantId: string, after: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT id, name, owner_id AS "ownerId", routing, hours, created_at AS "createdAt", closed_at AS "closedAt"
         FROM businesses WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [tenantId, after ?? FIRST, limit],
    );
  }

  businessAgents(tenantId: string, businessId: string, afterUser: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT business_id AS "businessId", user_id AS "userId", added_at AS "addedAt"
         FROM business_agents WHERE tenant_id = $1 AND business_id = $2 AND user_id > $3 ORDER BY user_id LIMIT $4`,
      [tenantId, businessId, afterUser ?? FIRST, limit],
    );
  }

  /** A business's conversations with its customers, paged by customer. */
  businessConversations(tenantId: string, businessId: string, afterCustomer: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT conversation_id AS "conversationId", business_id AS "businessId", customer_id AS "customerId", agent_id AS "agentId", assigned_at AS "assignedAt",
              created_at AS "createdAt", resolved_at AS "resolvedAt", resolved_seq AS "resolvedSeq"
         FROM business_conversations WHERE tenant_id = $1 AND business_id = $2 AND customer_id > $3 ORDER BY customer_id LIMIT $4`,
      [tenantId, businessId, afterCustomer ?? FIRST, limit],
    );
  }

  /** What moderators did (bans, removals, deletions, report outcomes), in time order (ids are UUIDv7). */
  moderationLog(tenantId: string, after: string | null, limit: number): Promise<Row[]> {
    return this.q(
      `SELECT id, conversation_id AS "conversationId", actor_id AS "actorId", action, target_user_id AS "targetUserId", message_id AS "messageId", reason, details, created_at AS "createdAt"
         FROM moderation_log WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [tenantId, after ?? FIRST, limit],
    );
  }

  private q(sql: string, params: unknown[]): Promise<Row[]> {
    return this.dataSource.query(sql, params);
  }
}
