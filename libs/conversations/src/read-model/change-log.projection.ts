import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName, type EventEnvelope } from '@chat/contracts';
import { changesFor } from './change-log';

/**
 * Appends an event's rows to the sync change log (`rm_changes`), and refreshes the message every
 * earlier row of the same message carries, so a message synced later shows its latest version
 * or its tombstone, never deleted content.
 */
@Injectable()
export class ChangeLogProjection {
  async apply(em: EntityManager, event: EventEnvelope): Promise<void> {
    for (const row of changesFor(event)) {
      await em.query(`INSERT INTO rm_changes (tenant_id, conversation_id, audience, user_id, message_id, type, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        event.tenantId,
        row.conversationId,
        row.audience,
        row.userId,
        row.messageId,
        row.type,
        JSON.stringify(row.payload),
      ]);
    }
    if (event.name === EventName.MessageEdited || event.name === EventName.MessageDeleted) {
      const { message } = (event as EventEnvelope<typeof EventName.MessageEdited>).payload;
      await em.query(
        `UPDATE rm_changes SET payload = jsonb_set(payload, '{message}', $2::jsonb)
          WHERE message_id = $1 AND type IN ('message.created', 'message.updated') AND (payload->'message'->>'version')::int <= $3`,
        [message.id, JSON.stringify(message), message.version],
      );
    } else if (event.name === EventName.ReactionChanged) {
      const r = (event as EventEnvelope<typeof EventName.ReactionChanged>).payload;
      await em.query(`UPDATE rm_changes SET payload = jsonb_set(payload, '{message,reactions}', $2::jsonb) WHERE message_id = $1 AND type IN ('message.created', 'message.updated')`, [
        r.messageId,
        JSON.stringify(r.reactions),
      ]);
    }
  }
}
