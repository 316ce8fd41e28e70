import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { MemberRole } from '@chat/contracts';
import { bigintNumber } from './bigint-number.transformer';

@Entity('conversation_members')
@Index('conversation_members_user', ['tenantId', 'userId'])
export class ConversationMemberEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id' }) conversationId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') role: MemberRole;
  @Column('timestamptz', { name: 'joined_at', default: () => 'now()' }) joinedAt: Date;
  @Column('bigint', { name: 'last_read_seq', default: 0, transformer: bigintNumber }) lastReadSeq: number;
  /** The highest seq acknowledged as delivered to one of the member's devices; read it as GREATEST with last_read_seq (reading implies delivery). */
  @Column('bigint', { name: 'last_delivered_seq', default: 0, transformer: bigintNumber }) lastDeliveredSeq: number;
  @Column('boolean', { default: false }) muted: boolean;
  /** Starred by the member; at most FAVOURITE_CONVERSATIONS_MAX per account. */
  @Column('boolean', { default: false }) favourite: boolean;
}
