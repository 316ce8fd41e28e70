import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName, type EventEnvelope } from '@chat/contracts';
import { quoteOf } from '@chat/domain';
import { PreparedStatement } from '@chat/persistence';
import { changesFor } from './change-log';
import { SUPERSEDED_MESSAGE_ROW } from './read-model.sql';

/**
 * Appends the rows of a batch of events to the sync change log (`rm_changes`) in one statement,
 * in event order, then refreshes the message every row of an edited, deleted or re-reacted
 * message carries, and the quote of it every reply's row carries, so a message synced later shows
 * its latest version or its tombstone, never deleted content, in its own rows or in replies to it.
 * (Refreshing after the insert comes to the same rows as interleaving: each refresh only raises a
 * row to that event's version.) A message row older than what the log holds of that message (a
 * dead letter replayed late) is not appended and refreshes nothing (SUPERSEDED_MESSAGE_ROW).
 */
@Injectable()
export class ChangeLogProjection {
  async apply(em: EntityManager, events: readonly EventEnvelope[]): Promise<void> {
    const rows = events.flatMap((event) => changesFor(event).map((row) => ({ ...row, tenantId: event.tenantId })));
    if (rows.length > 0) {
      await APPEND_CHANGES.run(em, [
        rows.map((r) => r.tenantId),
        rows.map((r) => r.conversationId),
        rows.map((r) => r.audience),
        rows.map((r) => r.userId),
        rows.map((r) => r.messageId),
        rows.map((r) => r.type),
        rows.map((r) => JSON.stringify(r.payload)),
      ]);
    }
    for (const event of events) await this.refreshMessage(em, event);
  }

  private async refreshMessage(em: EntityManager, event: EventEnvelope): Promise<void> {
    if (event.name === EventName.MessageEdited || event.name === EventName.MessageDeleted) {
      const { message } = (event as EventEnvelope<typeof EventName.MessageEdited>).payload;
      await em.query(
        `UPDATE rm_changes SET payload = jsonb_set(payload, '{message}', $2::jsonb)
          WHERE message_id = $1 AND type IN ('message.created', 'message.updated') AND (payload->'message'->>'version')::int <= $3`,
        [message.id, JSON.stringify(message), message.version],
      );
      // Replies come after what they answer: the conversation's rows after the answered message's
      // creation (rm_changes_conversation), or all it still has once the log no longer holds that.
      // Not from a late event: the message's own rows, raised above, hold a newer version then.
      await em.query(
        `UPDATE rm_changes SET payload = jsonb_set(payload, '{message,replyTo}', $3::jsonb)
          WHERE conversation_id = $1 AND audience = 'members' AND type IN ('message.created', 'message.updated')
            AND position > COALESCE((SELECT min(position) FROM rm_changes WHERE message_id = $4 AND type = 'message.created'), 0) AND (payload->'message'->'replyTo'->>'seq')::bigint = $2
            AND NOT EXISTS (SELECT 1 FROM rm_changes o WHERE o.message_id = $4 AND o.type IN ('message.created', 'message.updated') AND (o.payload->'message'->>'version')::int > $5)`,
        [message.conversationId, message.seq, JSON.stringify(quoteOf(message.seq, message)), message.id, message.version],
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

const APPEND_CHANGES = new PreparedStatement(
  'read-model-append-changes',
  `INSERT INTO rm_changes (tenant_id, conversation_id, audience, user_id, message_id, type, payload)
   SELECT tenant_id, conversation_id, audience, user_id, message_id, type, payload
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::jsonb[])
          WITH ORDINALITY AS r(tenant_id, conversation_id, audience, user_id, message_id, type, payload, n)
    WHERE NOT ${SUPERSEDED_MESSAGE_ROW('r')}
    ORDER BY n`,
);
