import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AggregateType, EventName } from '@chat/contracts';

@Entity('outbox')
@Index('outbox_unpublished', ['id'], { where: 'published_at IS NULL' })
// See migration OutboxAudienceChanges1767000000000.
@Index('outbox_unpublished_audience_changes', ['aggregateId'], { where: "published_at IS NULL AND event_name IN ('chat.member.left.v1', 'chat.conversation.deleted.v1')" })
export class OutboxEntity {
  // bigint comes back from pg as a string; the relay reads ids through raw SQL only.
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Index('outbox_event_id', { unique: true })
  @Column('uuid', { name: 'event_id' })
  eventId: string;
  @Column('text', { name: 'event_name' }) eventName: EventName;
  @Column('text', { name: 'aggregate_type' }) aggregateType: AggregateType;
  @Column('uuid', { name: 'aggregate_id' }) aggregateId: string;
  @Column('jsonb') payload: unknown;
  @Column('jsonb', { default: () => "'{}'" }) headers: Record<string, string>;
  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' }) occurredAt: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
}
