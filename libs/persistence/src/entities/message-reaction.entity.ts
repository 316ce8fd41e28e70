import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One user's reaction with one emoji to one message. */
@Entity('message_reactions')
export class MessageReactionEntity {
  @PrimaryColumn('uuid', { name: 'message_id', primaryKeyConstraintName: 'message_reactions_pkey' }) messageId: string;
  @PrimaryColumn('text', { primaryKeyConstraintName: 'message_reactions_pkey' }) emoji: string;
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'message_reactions_pkey' }) userId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
