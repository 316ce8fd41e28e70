import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ConversationE2ee, ConversationType, Message, SyncChangeType, Visibility } from '@chat/contracts';
import { bigintNumber } from './bigint-number.transformer';

/*
 * The query side's read model (written only by the conversations read-model projection, with
 * raw SQL). Mapped here so the schema drift check covers these tables too.
 */

@Entity('rm_conversations')
export class RmConversationEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id', primaryKeyConstraintName: 'rm_conversations_pkey' }) conversationId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') type: ConversationType;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text') visibility: Visibility;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('bigint', { name: 'last_seq', default: 0, transformer: bigintNumber }) lastSeq: number;
  @Column('integer', { name: 'member_count', default: 0 }) memberCount: number;
  @Column('jsonb', { name: 'last_message', nullable: true }) lastMessage: Message | null;
  /** Every seq up to this one is deleted or purged: the seqs of deleted messages are `1..deletedThrough` ∪ `deletedSeqs`. */
  @Column('bigint', { name: 'deleted_through', default: 0, transformer: bigintNumber }) deletedThrough: number;
  /** Seqs of deleted messages above `deletedThrough`, ascending. */
  @Column('bigint', { name: 'deleted_seqs', array: true, default: () => `'{}'` }) deletedSeqs: string[];
  /** `Conversation.e2ee` of an end-to-end encrypted conversation; null for plaintext ones. */
  @Column('jsonb', { nullable: true }) e2ee: ConversationE2ee | null;
  /** `Conversation.closedAt`: when it was closed; null while open. */
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
}

@Entity('rm_members')
@Index('rm_members_user', ['tenantId', 'userId'])
export class RmMemberEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id', primaryKeyConstraintName: 'rm_members_pkey' }) conversationId: string;
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'rm_members_pkey' }) userId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('bigint', { name: 'last_read_seq', default: 0, transformer: bigintNumber }) lastReadSeq: number;
  @Column('boolean', { default: false }) muted: boolean;
  @Column('boolean', { default: false }) favourite: boolean;
  /**
   * Retired by migration 1803 (the unread count reads `messages_own_live` instead): no longer read or
   * written, kept while the previous release still uses it during a rollout (docs/releases.md).
   */
  @Column('bigint', { name: 'own_unread_seqs', array: true, default: () => `'{}'` }) ownUnreadSeqs: string[];
}

@Entity('rm_changes')
@Index('rm_changes_conversation', ['conversationId', 'position'], { where: `audience = 'members'` })
@Index('rm_changes_user', ['tenantId', 'userId', 'position'], { where: 'user_id IS NOT NULL' })
@Index('rm_changes_message', ['messageId'], { where: 'message_id IS NOT NULL' })
export class RmChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'rm_changes_pkey' }) position: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId: string;
  @Column('text') audience: 'members' | 'user';
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('uuid', { name: 'message_id', nullable: true }) messageId: string | null;
  @Column('text') type: SyncChangeType;
  @Column('jsonb') payload: unknown;
  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' }) occurredAt: Date;
}

@Entity('rm_inbox')
@Index('rm_inbox_applied_at', ['appliedAt'])
export class RmInboxEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'rm_inbox_pkey' }) consumer: string;
  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'rm_inbox_pkey' }) eventId: string;
  @Column('timestamptz', { name: 'applied_at', default: () => 'now()' }) appliedAt: Date;
}

/** The position of the newest event applied to one piece of a conversation's read-model state (migration 1824, ReadModelConsumer). */
@Entity('rm_event_positions')
export class RmEventPositionEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id', primaryKeyConstraintName: 'rm_event_positions_pkey' }) conversationId: string;
  /** `conversation`, or `member:`, `role:`, `muted:` or `favourite:` and the user's id. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'rm_event_positions_pkey' }) subject: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('bigint') position: string;
}

@Entity('rm_meta')
export class RmMetaEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'rm_meta_pkey' }) name: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'rebuilt_at', default: () => 'now()' }) rebuiltAt: Date;
}

/**
 * One row: the highest change-log position the retention may have deleted. A sync cursor below it
 * may have missed changes, so it is refused (SYNC_CURSOR_EXPIRED).
 */
@Entity('rm_change_log_horizon')
export class RmChangeLogHorizonEntity {
  @PrimaryColumn('smallint', { primaryKeyConstraintName: 'rm_change_log_horizon_pkey' }) id: number;
  @Column('bigint', { name: 'pruned_through' }) prunedThrough: string;
}
