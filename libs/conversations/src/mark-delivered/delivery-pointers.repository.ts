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
   * `chat.delivery.advanced.v1` event per conversation, in the same transaction.
   */
  async advance(marks: readonly DeliveryMark[]): Promise<DeliveryMark[]> {
    return this.dataSource.transaction(async (em) => {
      // An UPDATE answers [rows, affected count].
      const [rows]: [{ tenant_id: string; conversation_id: string; user_id: string; seq: string }[], number] = await em.query(
        `UPDATE conversation_members m
            SET last_delivered_seq = LEAST(a.seq, c.last_seq)
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[]) AS a(tenant_id, conversation_id, user_id, seq)
           JOIN conversations c ON c.id = a.conversation_id AND c.tenant_id = a.tenant_id AND c.deleted_at IS NULL
          WHERE m.conversation_id = a.conversation_id AND m.user_id = a.user_id AND m.tenant_id = a.tenant_id
            AND LEAST(a.seq, c.last_seq) > GREATEST(m.last_delivered_seq, m.last_read_seq)
        RETURNING m.tenant_id, m.conversation_id, m.user_id, m.last_delivered_seq AS seq`,
        [marks.map((m) => m.tenantId), marks.map((m) => m.conversationId), marks.map((m) => m.userId), marks.map((m) => m.seq)],
      );
      const moved = rows.map((r) => ({ tenantId: r.tenant_id, conversationId: r.conversation_id, userId: r.user_id, seq: Number(r.seq) }));
      await this.outbox.append(
        em,
        advancesByConversation(moved).map(({ tenantId, payload }) => ({ name: EventName.DeliveryAdvanced, tenantId, aggregateType: 'conversation', aggregateId: payload.conversationId, payload })),
      );
      return moved;
    });
  }
}
