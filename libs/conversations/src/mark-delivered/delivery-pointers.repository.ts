import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventName } from '@chat/contracts';
import { OutboxWriter } from '@chat/persistence';
import { advancesByConversation, type DeliveryMark } from './pending-deliveries';

/** Writes delivery pointers: many members' acknowledgements in one statement, and their events with them. */
@Injectable()
export class DeliveryPointersRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Moves each member's pointer to their mark, capped at the conversation's last seq, where that
   * is past where they are (GREATEST of delivered and read: reading implies delivery); members who
   * left and deleted conversations are skipped. The pointers that moved go out as one
   * `chat.delivery.advanced.v1` event per conversation, in the same transaction, naming the
   * senders of the messages they newly cover (the last `frameLookback` of each pointer's advance:
   * a member back after a week does not read a week of messages here), whose devices get the frame.
   */
  async advance(marks: readonly DeliveryMark[], frameLookback: number): Promise<DeliveryMark[]> {
    return this.dataSource.transaction(async (em) => {
      // An UPDATE answers [rows, affected count]. `before` is the row as the statement found it.
      const [rows]: [{ tenant_id: string; conversation_id: string; user_id: string; seq: string; from_seq: string }[], number] = await em.query(
        `UPDATE conversation_members m
            SET last_delivered_seq = LEAST(a.seq, c.last_seq)
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[]) AS a(tenant_id, conversation_id, user_id, seq)
           JOIN conversations c ON c.id = a.conversation_id AND c.tenant_id = a.tenant_id AND c.deleted_at IS NULL
           JOIN conversation_members before ON before.conversation_id = a.conversation_id AND before.user_id = a.user_id AND before.tenant_id = a.tenant_id
          WHERE m.conversation_id = a.conversation_id AND m.user_id = a.user_id AND m.tenant_id = a.tenant_id
            AND LEAST(a.seq, c.last_seq) > GREATEST(m.last_delivered_seq, m.last_read_seq)
        RETURNING m.tenant_id, m.conversation_id, m.user_id, m.last_delivered_seq AS seq, GREATEST(before.last_delivered_seq, before.last_read_seq) AS from_seq`,
        [marks.map((m) => m.tenantId), marks.map((m) => m.conversationId), marks.map((m) => m.userId), marks.map((m) => m.seq)],
      );
      const moved = rows.map((r) => ({ tenantId: r.tenant_id, conversationId: r.conversation_id, userId: r.user_id, seq: Number(r.seq) }));
      const senders: { conversation_id: string; sender_ids: string[] }[] = rows.length
        ? await em.query(
            `SELECT r.conversation_id, array_agg(DISTINCT msg.sender_id) AS sender_ids
               FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::bigint[]) AS r(conversation_id, user_id, from_seq, to_seq)
               JOIN messages msg ON msg.conversation_id = r.conversation_id AND msg.seq > GREATEST(r.from_seq, r.to_seq - $5) AND msg.seq <= r.to_seq
               -- Senders still members only: one who left learns nothing more of who is in it.
               JOIN conversation_members sender ON sender.conversation_id = r.conversation_id AND sender.user_id = msg.sender_id
              WHERE msg.sender_id <> r.user_id
              GROUP BY r.conversation_id`,
            [rows.map((r) => r.conversation_id), rows.map((r) => r.user_id), rows.map((r) => r.from_seq), rows.map((r) => r.seq), frameLookback],
          )
        : [];
      const sendersByConversation = new Map(senders.map((s) => [s.conversation_id, s.sender_ids]));
      await this.outbox.append(
        em,
        advancesByConversation(moved, sendersByConversation).map(({ tenantId, payload }) => ({ name: EventName.DeliveryAdvanced, tenantId, aggregateType: 'conversation', aggregateId: payload.conversationId, payload })),
      );
      return moved;
    });
  }
}
