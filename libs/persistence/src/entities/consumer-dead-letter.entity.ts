import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** See migration ConsumerDeadLetters1795000000000 and PostgresDeadLetterStore. */
@Entity('consumer_dead_letters')
@Index('consumer_dead_letters_pending', ['consumerGroup', 'lastFailedAt'], { where: 'replayed_at IS NULL' })
export class ConsumerDeadLetterEntity {
  @PrimaryColumn('text', { name: 'consumer_group', primaryKeyConstraintName: 'consumer_dead_letters_pkey' }) consumerGroup: string;
  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'consumer_dead_letters_pkey' }) eventId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text', { name: 'event_name' }) eventName: string;
  @Column('jsonb') envelope: unknown;
  @Column('text') error: string;
  @Column('integer') attempts: number;
  @Column('timestamptz', { name: 'first_failed_at' }) firstFailedAt: Date;
  @Column('timestamptz', { name: 'last_failed_at' }) lastFailedAt: Date;
  @Column('timestamptz', { name: 'replayed_at', nullable: true }) replayedAt: Date | null;
  @Column('timestamptz', { name: 'replay_lease_until', nullable: true }) replayLeaseUntil: Date | null;
}
