import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, MoreThan, type EntityManager } from 'typeorm';
import type { Attachment } from '@chat/contracts';
import { MessageEntity, type OutboxRowValues } from '@chat/persistence';

export interface NewMessageRow {
  id: string;
  tenantId: string;
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  body: string;
  attachments: Attachment[];
  createdAt: Date;
}

@Injectable()
export class MessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findByClientId(conversationId: string, senderId: string, clientMessageId: string): Promise<MessageEntity | null> {
    return this.dataSource.getRepository(MessageEntity).findOneBy({ conversationId, senderId, clientMessageId });
  }

  /**
   * Appends a message and its event in one statement, so one round trip and one commit: the next
   * seq of a conversation the sender belongs to (the row lock of that UPDATE serialises concurrent
   * senders until commit), the message at that seq, and its outbox row, whose payload gets the seq
   * written into `message.seq`. Null, with nothing written (no seq taken either), when the sender
   * already stored a message with this clientMessageId, is not a member, or there is no such
   * conversation. A concurrent twin of the same clientMessageId fails on `messages_idempotency`.
   */
  async append(row: NewMessageRow, event: OutboxRowValues): Promise<number | null> {
    const inserted: { seq: string }[] = await this.dataSource.query(
      `WITH next AS (
         UPDATE conversations SET last_seq = last_seq + 1
          WHERE id = $3 AND tenant_id = $2 AND deleted_at IS NULL
            AND EXISTS (SELECT 1 FROM conversation_members WHERE conversation_id = $3 AND user_id = $4)
            AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = $3 AND sender_id = $4 AND client_message_id = $5)
          RETURNING last_seq),
       message AS (
         INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
         SELECT $1, $2, $3, last_seq, $4, $5, $6, $7, $8 FROM next
         RETURNING seq),
       event AS (
         INSERT INTO outbox (tenant_id, event_id, event_name, aggregate_type, aggregate_id, payload, headers)
         SELECT $2, $9, $10, $11, $12, jsonb_set($13::jsonb, '{message,seq}', to_jsonb(seq)), $14 FROM message)
       SELECT seq FROM message`,
      [
        row.id,
        row.tenantId,
        row.conversationId,
        row.senderId,
        row.clientMessageId,
        row.body,
        JSON.stringify(row.attachments),
        row.createdAt,
        event.eventId,
        event.eventName,
        event.aggregateType,
        event.aggregateId,
        JSON.stringify(event.payload),
        JSON.stringify(event.headers),
      ],
    );
    return inserted.length ? Number(inserted[0].seq) : null;
  }

  /** Reads and locks one message of a conversation: edits, deletes and reactions on it serialise here. */
  lock(em: EntityManager, tenantId: string, conversationId: string, messageId: string): Promise<MessageEntity | null> {
    return em.getRepository(MessageEntity).findOne({ where: { tenantId, conversationId, id: messageId }, lock: { mode: 'pessimistic_write' } });
  }

  async edit(em: EntityManager, row: MessageEntity, body: string): Promise<MessageEntity> {
    const [[updated]] = await em.query(`UPDATE messages SET body = $2, edited_at = now(), version = version + 1 WHERE id = $1 RETURNING edited_at, version`, [row.id, body]);
    return Object.assign(new MessageEntity(), row, { body, editedAt: updated.edited_at, version: updated.version });
  }

  /** The tombstone: content and reactions are erased, not just hidden; seq and sender stay. */
  async tombstone(em: EntityManager, row: MessageEntity): Promise<MessageEntity> {
    const [[updated]] = await em.query(`UPDATE messages SET body = '', attachments = '[]'::jsonb, deleted_at = now(), version = version + 1 WHERE id = $1 RETURNING deleted_at, version`, [row.id]);
    await em.query(`DELETE FROM message_reactions WHERE message_id = $1`, [row.id]);
    return Object.assign(new MessageEntity(), row, { body: '', attachments: [], deletedAt: updated.deleted_at, version: updated.version });
  }

  /** Adds or removes one user's reaction; true when that changed anything. */
  async setReaction(em: EntityManager, row: MessageEntity, userId: string, emoji: string, present: boolean): Promise<boolean> {
    if (present) {
      // INSERT answers with its rows; UPDATE and DELETE with [rows, count] (TypeORM's pg driver).
      const inserted: unknown[] = await em.query(
        `INSERT INTO message_reactions (message_id, emoji, user_id, tenant_id, conversation_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
        [row.id, emoji, userId, row.tenantId, row.conversationId],
      );
      return inserted.length > 0;
    }
    const [deleted] = await em.query(`DELETE FROM message_reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3 RETURNING 1`, [row.id, emoji, userId]);
    return deleted.length > 0;
  }

  /** Reaction counts per message id (messages without reactions are absent). */
  async reactionCounts(messageIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, Record<string, number>>> {
    const counts = new Map<string, Record<string, number>>();
    if (messageIds.length === 0) return counts;
    const rows: { message_id: string; emoji: string; n: number }[] = await em.query(
      `SELECT message_id, emoji, count(*)::int AS n FROM message_reactions WHERE message_id = ANY($1::uuid[]) GROUP BY message_id, emoji ORDER BY message_id, emoji`,
      [messageIds],
    );
    for (const r of rows) counts.set(r.message_id, { ...counts.get(r.message_id), [r.emoji]: r.n });
    return counts;
  }

  /** Up to `take` messages below `belowSeq`, ascending. */
  async older(conversationId: string, belowSeq: number, take: number): Promise<MessageEntity[]> {
    const rows = await this.dataSource.getRepository(MessageEntity).find({ where: { conversationId, seq: LessThan(belowSeq) }, order: { seq: 'DESC' }, take });
    return rows.reverse();
  }

  /** Up to `take` messages above `aboveSeq`, ascending. */
  newer(conversationId: string, aboveSeq: number, take: number): Promise<MessageEntity[]> {
    return this.dataSource.getRepository(MessageEntity).find({ where: { conversationId, seq: MoreThan(aboveSeq) }, order: { seq: 'ASC' }, take });
  }
}
