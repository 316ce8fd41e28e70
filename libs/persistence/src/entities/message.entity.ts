import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Attachment } from '@chat/contracts';
import { bigintNumber } from './bigint-number.transformer';

/**
 * Once `npm run messages:partition` has run, `messages` is partitioned by month (MessagePartitions):
 * the two unique indexes below are then one per partition, and an index a later migration adds must
 * be made on the partitioned table (which cannot build one CONCURRENTLY) as well as on a plain one.
 */
@Entity('messages')
@Index('messages_conversation_seq', ['conversationId', 'seq'], { unique: true })
@Index('messages_idempotency', ['conversationId', 'senderId', 'clientMessageId'], { unique: true })
/** My own live messages in a conversation by seq: the unread count leaves them out (ReadModelRepository). */
@Index('messages_own_live', ['conversationId', 'senderId', 'seq'], { where: 'deleted_at IS NULL' })
/** The key id of each sealed body (an expression index: migration 1808, MessageKeysCheck). */
@Index('messages_body_key', { synchronize: false })
/** Live messages that mention someone or answer one: the unread "@" count reads them (migration 1813, ADDRESSED_MESSAGES_INDEX). */
@Index('messages_addressed', { synchronize: false })
export class MessageEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId: string;
  @Column('bigint', { transformer: bigintNumber }) seq: number;
  @Column('uuid', { name: 'sender_id' }) senderId: string;
  @Column('text', { name: 'client_message_id' }) clientMessageId: string;
  /** As stored: sealed (`enc1:…`) when MESSAGE_ENCRYPTION_KEYS is set; MessagesRepository opens it for every reader. */
  @Column('text') body: string;
  /**
   * The object in the message content store holding the body, once MessageContentOffload moved it
   * there (the row's `body` then keeps only its sealed header: contentStub); null while it is here.
   */
  @Column('text', { name: 'content_key', nullable: true }) contentKey: string | null;
  @Column('jsonb', { default: () => "'[]'" }) attachments: Attachment[];
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'edited_at', nullable: true }) editedAt: Date | null;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('integer', { default: 1 }) version: number;
  /** The seq of the message of this conversation that this one answers (`replyTo`), null when it answers none. */
  @Column('bigint', { name: 'reply_to_seq', nullable: true, transformer: bigintNumber }) replyToSeq: number | null;
  /** The members this message names (`mentions`), null when it names nobody. */
  @Column('uuid', { array: true, nullable: true }) mentions: string[] | null;
}
