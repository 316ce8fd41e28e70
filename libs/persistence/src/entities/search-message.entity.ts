import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/**
 * The Postgres full-text search index (written only by the search projection, with raw SQL;
 * `document` is a GIN index, made by the migration). Mapped here so the schema drift check
 * covers the table too.
 */
@Entity('search_messages')
@Index('search_messages_document', ['document'])
@Index('search_messages_conversation', ['conversationId'])
export class SearchMessageEntity {
  @PrimaryColumn('uuid', { name: 'message_id', primaryKeyConstraintName: 'search_messages_pkey' }) messageId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId: string;
  @Column('uuid', { name: 'sender_id' }) senderId: string;
  @Column('bigint', { transformer: bigintNumber }) seq: number;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('boolean', { default: false }) deleted: boolean;
  @Column('text') body: string;
  @Column('tsvector') document: string;
}
