import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MessageEntity } from '@chat/persistence';

/** A pin as stored: the pinned message's seq in its conversation, who pinned it and when. */
export interface StoredPin {
  seq: number;
  pinnedBy: string;
  pinnedAt: Date;
}

interface PinRow {
  seq: string;
  pinned_by: string;
  pinned_at: Date;
}

const toPin = (r: PinRow): StoredPin => ({ seq: Number(r.seq), pinnedBy: r.pinned_by, pinnedAt: r.pinned_at });

/** `message_pins`: the messages pinned to each conversation. */
@Injectable()
export class PinsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Pins `row` for `userId` unless it is pinned already (then the pin as it was, `created` false),
   * or the conversation has `max` pins (then null). Pins of one conversation are counted and added
   * one transaction at a time (an advisory lock on the conversation, which sends do not take), so
   * two pins at once cannot both take the last place.
   */
  async pin(em: EntityManager, row: MessageEntity, userId: string, max: number): Promise<{ pin: StoredPin; created: boolean } | null> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`message_pins:${row.conversationId}`]);
    const [existing]: PinRow[] = await em.query(`SELECT seq, pinned_by, pinned_at FROM message_pins WHERE conversation_id = $1 AND seq = $2`, [row.conversationId, row.seq]);
    if (existing) return { pin: toPin(existing), created: false };
    const [{ pinned }] = await em.query(`SELECT count(*)::int AS pinned FROM message_pins WHERE conversation_id = $1`, [row.conversationId]);
    if (pinned >= max) return null;
    const [inserted]: PinRow[] = await em.query(
      `INSERT INTO message_pins (conversation_id, seq, tenant_id, pinned_by) VALUES ($1, $2, $3, $4) RETURNING seq, pinned_by, pinned_at`,
      [row.conversationId, row.seq, row.tenantId, userId],
    );
    return { pin: toPin(inserted), created: true };
  }

  /** True when the message was pinned (and no longer is). */
  async unpin(em: EntityManager, conversationId: string, seq: number): Promise<boolean> {
    const [removed] = await em.query(`DELETE FROM message_pins WHERE conversation_id = $1 AND seq = $2 RETURNING 1`, [conversationId, seq]);
    return removed.length > 0;
  }

  /** Every pin of the conversation, the latest first. */
  async of(conversationId: string): Promise<StoredPin[]> {
    const rows: PinRow[] = await this.dataSource.query(`SELECT seq, pinned_by, pinned_at FROM message_pins WHERE conversation_id = $1 ORDER BY pinned_at DESC, seq DESC`, [
      conversationId,
    ]);
    return rows.map(toPin);
  }
}
