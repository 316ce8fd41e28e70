import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MemberRole, ModerationAction, ReportReason, ReportStatus } from '@chat/contracts';

/** A user kept out of a conversation until `expiresAt` (for good when null). */
@Entity('conversation_bans')
export class ConversationBanEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id', primaryKeyConstraintName: 'conversation_bans_pkey' }) conversationId: string;
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'conversation_bans_pkey' }) userId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'banned_by' }) bannedBy: string;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  /** The user's role when banned; null when they were not a member. Lifting or replacing the ban takes a moderator who outranks it. */
  @Column('text', { name: 'banned_role', nullable: true }) bannedRole: MemberRole | null;
}

/** One moderation action, written in the transaction of the action itself. */
@Entity('moderation_log')
@Index('moderation_log_conversation', ['conversationId', 'id'])
@Index('moderation_log_tenant', ['tenantId', 'id'])
export class ModerationLogEntity {
  /** UUIDv7: orders entries by time. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'moderation_log_pkey' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  /** Null for account actions, which span the tenant. */
  @Column('uuid', { name: 'conversation_id', nullable: true }) conversationId: string | null;
  @Column('uuid', { name: 'actor_id' }) actorId: string;
  @Column('text') action: ModerationAction;
  @Column('uuid', { name: 'target_user_id', nullable: true }) targetUserId: string | null;
  @Column('uuid', { name: 'message_id', nullable: true }) messageId: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('jsonb', { default: () => "'{}'" }) details: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

/** A member's report of a message to the conversation's owners and admins; one per reporter and message. */
@Entity('message_reports')
@Index('message_reports_once', ['messageId', 'reporterId'], { unique: true })
@Index('message_reports_conversation', ['conversationId', 'status', 'id'])
@Index('message_reports_tenant', ['tenantId', 'status', 'id'])
export class MessageReportEntity {
  /** UUIDv7: orders reports by time. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'message_reports_pkey' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId: string;
  @Column('uuid', { name: 'message_id' }) messageId: string;
  @Column('bigint', { name: 'message_seq' }) messageSeq: string;
  @Column('uuid', { name: 'sender_id' }) senderId: string;
  @Column('uuid', { name: 'reporter_id' }) reporterId: string;
  @Column('text') reason: ReportReason;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { default: 'open' }) status: ReportStatus;
  /** Nobody in the conversation but the people involved could act on it: the tenant's administrators were told. */
  @Column('boolean', { default: false }) escalated: boolean;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('uuid', { name: 'resolved_by', nullable: true }) resolvedBy: string | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
}
