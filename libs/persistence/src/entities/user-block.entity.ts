import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One person's block of another (`blocker` wants no contact with `blocked`); see @chat/domain contact-rules. */
@Entity('user_blocks')
@Index('user_blocks_blocked', ['blockedId', 'blockerId'])
@Index('user_blocks_page', ['blockerId', 'createdAt', 'blockedId'])
export class UserBlockEntity {
  @PrimaryColumn('uuid', { name: 'blocker_id', primaryKeyConstraintName: 'user_blocks_pkey' }) blockerId: string;
  @PrimaryColumn('uuid', { name: 'blocked_id', primaryKeyConstraintName: 'user_blocks_pkey' }) blockedId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
