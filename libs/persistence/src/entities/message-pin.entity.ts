import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/**
 * A message pinned to its conversation, by its seq there (as a reply names the message it answers:
 * the (conversation_id, seq) index of messages finds it, partitioned or not).
 */
@Entity('message_pins')
export class MessagePinEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id', primaryKeyConstraintName: 'message_pins_pkey' }) conversationId: string;
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'message_pins_pkey', transformer: bigintNumber }) seq: number;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'pinned_by' }) pinnedBy: string;
  @Column('timestamptz', { name: 'pinned_at', default: () => 'now()' }) pinnedAt: Date;
}
