import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditAction, AuditOutcome } from '@chat/contracts';

/**
 * One audited action (@chat/audit). Entries recorded from events take the event's id, so a
 * redelivered event records nothing twice; the rest get a UUIDv7 of the moment they happened.
 * Both order by time, so an id range is a time range on the primary key.
 */
@Entity('audit_log')
@Index('audit_log_actor', ['tenantId', 'actorId', 'id'])
@Index('audit_log_conversation', ['tenantId', 'conversationId', 'id'])
export class AuditLogEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id', primaryKeyConstraintName: 'audit_log_pkey' }) tenantId: string;
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'audit_log_pkey' }) id: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text') action: AuditAction;
  @Column('text') outcome: AuditOutcome;
  @Column('text', { name: 'error_code', nullable: true }) errorCode: string | null;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('uuid', { name: 'conversation_id', nullable: true }) conversationId: string | null;
  @Column('uuid', { name: 'message_id', nullable: true }) messageId: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('jsonb', { default: () => "'{}'" }) details: Record<string, unknown>;
}
