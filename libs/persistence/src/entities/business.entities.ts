import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BusinessHours, RoutingStrategy } from '@chat/contracts';
import { bigintNumber } from './bigint-number.transformer';

/** A business users message (@chat/businesses). */
@Entity('businesses')
// Search by the words of the name (GET /v1/businesses?q=): a GIN expression index made by the migration, which TypeORM cannot describe.
@Index('businesses_name_words', { synchronize: false })
export class BusinessEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'businesses_pkey' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') name: string;
  @Column('uuid', { name: 'owner_id' }) ownerId: string;
  @Column('text') routing: RoutingStrategy;
  /** Null: always open. */
  @Column('jsonb', { nullable: true }) hours: BusinessHours | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  /** Set when its owner's account was deleted with no agent to take it over: no new conversations. */
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
}

/** An agent of a business; `lastAssignedAt` is round-robin's turn order. */
@Entity('business_agents')
export class BusinessAgentEntity {
  @PrimaryColumn('uuid', { name: 'business_id', primaryKeyConstraintName: 'business_agents_pkey' }) businessId: string;
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'business_agents_pkey' }) userId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('timestamptz', { name: 'added_at', default: () => 'now()' }) addedAt: Date;
  @Column('timestamptz', { name: 'last_assigned_at', nullable: true }) lastAssignedAt: Date | null;
}

/** A conversation of a business's inbox: one per customer, its agent null while unassigned. */
@Entity('business_conversations')
@Index('business_conversations_customer', ['businessId', 'customerId'], { unique: true })
@Index('business_conversations_agent', ['businessId', 'agentId'])
export class BusinessConversationEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id', primaryKeyConstraintName: 'business_conversations_pkey' }) conversationId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'business_id' }) businessId: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'agent_id', nullable: true }) agentId: string | null;
  @Column('timestamptz', { name: 'assigned_at', nullable: true }) assignedAt: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  /** When an agent last resolved it; it is open again once the customer writes after `resolvedSeq` (the conversation's last seq then). */
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column('bigint', { name: 'resolved_seq', nullable: true, transformer: bigintNumber }) resolvedSeq: number | null;
}
