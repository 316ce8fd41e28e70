import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName, type Conversation, type EventEnvelope, type Message } from '@chat/contracts';
import { PreparedStatement } from '@chat/persistence';
import { CONVERSATION_SUBJECT } from './event-positions';
import { asLastMessage } from './last-message';
import { NEWER_LAST_MESSAGE } from './read-model.sql';

type Payload<N extends EventName> = EventEnvelope<N>['payload'];

/**
 * Keeps the conversation list read model: `rm_conversations` (snapshot, last seq, last message,
 * deleted seqs as a run `1..deleted_through` and the ones above it in `deleted_seqs`) and
 * `rm_members` (read pointer, mute, favourite). A message writes one row whatever the size of the
 * conversation; the unread count is arithmetic over those rows at read time, less my own messages
 * after my pointer, which the messages table's index counts (see ReadModelRepository).
 *
 * Every step converges when applied again or late (greatest seq, newer version, set union kept canonical), so
 * a rebuild racing live events and a redelivery the inbox missed both end in the same rows. Joins,
 * leaves, mutes, favourites and conversation snapshots have no version of their own: the consumer
 * hands over none older than what they would overwrite (event-positions.ts).
 */
@Injectable()
export class ConversationListProjection {
  async apply(em: EntityManager, event: EventEnvelope): Promise<void> {
    const p = event.payload;
    switch (event.name) {
      case EventName.ConversationCreated:
      case EventName.ConversationUpdated:
        return this.upsertConversation(em, event.tenantId, (p as Payload<typeof EventName.ConversationCreated>).conversation);
      case EventName.ConversationDeleted:
        return this.dropConversation(em, (p as Payload<typeof EventName.ConversationDeleted>).conversationId);
      case EventName.MemberJoined: {
        const m = p as Payload<typeof EventName.MemberJoined>;
        await em.query(`INSERT INTO rm_members (conversation_id, user_id, tenant_id, last_read_seq) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [m.conversationId, m.userId, event.tenantId, m.lastReadSeq ?? 0]);
        return this.recount(em, m.conversationId, true);
      }
      case EventName.MemberLeft: {
        const m = p as Payload<typeof EventName.MemberLeft>;
        await em.query(`DELETE FROM rm_members WHERE conversation_id = $1 AND user_id = $2`, [m.conversationId, m.userId]);
        return this.recount(em, m.conversationId, true);
      }
      case EventName.MessageSent:
      case EventName.MessageEdited:
        return this.offerLastMessage(em, (p as Payload<typeof EventName.MessageSent>).message);
      case EventName.MessageDeleted:
        return this.messageDeleted(em, (p as Payload<typeof EventName.MessageDeleted>).message);
      case EventName.ReactionChanged: {
        const r = p as Payload<typeof EventName.ReactionChanged>;
        await em.query(`UPDATE rm_conversations SET last_message = jsonb_set(last_message, '{reactions}', $3::jsonb) WHERE conversation_id = $1 AND last_message->>'id' = $2`, [r.conversationId, r.messageId, JSON.stringify(r.reactions)]);
        return;
      }
      case EventName.ReadAdvanced: {
        const r = p as Payload<typeof EventName.ReadAdvanced>;
        await em.query(`UPDATE rm_members SET last_read_seq = GREATEST(last_read_seq, $3) WHERE conversation_id = $1 AND user_id = $2`, [r.conversationId, r.userId, r.seq]);
        return;
      }
      case EventName.MemberMuted: {
        const m = p as Payload<typeof EventName.MemberMuted>;
        await em.query(`UPDATE rm_members SET muted = $3 WHERE conversation_id = $1 AND user_id = $2`, [m.conversationId, m.userId, m.muted]);
        return;
      }
      case EventName.MemberFavourited: {
        const m = p as Payload<typeof EventName.MemberFavourited>;
        await em.query(`UPDATE rm_members SET favourite = $3 WHERE conversation_id = $1 AND user_id = $2`, [m.conversationId, m.userId, m.favourite]);
        return;
      }
    }
  }

  /** A snapshot older than the stored one (a late redelivery) does not overwrite it. */
  private async upsertConversation(em: EntityManager, tenantId: string, c: Conversation): Promise<void> {
    await em.query(
      `INSERT INTO rm_conversations (conversation_id, tenant_id, type, name, description, visibility, created_by, created_at, updated_at, last_seq, member_count, e2ee, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (conversation_id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, visibility = EXCLUDED.visibility, updated_at = EXCLUDED.updated_at, e2ee = EXCLUDED.e2ee, closed_at = EXCLUDED.closed_at
        WHERE rm_conversations.updated_at <= EXCLUDED.updated_at`,
      // `closedAt` absent: a snapshot written before migration 1823, of a conversation open then.
      [c.id, tenantId, c.type, c.name, c.description, c.visibility, c.createdBy, c.createdAt, c.updatedAt, c.lastSeq, c.memberCount, c.e2ee ? JSON.stringify(c.e2ee) : null, c.closedAt ?? null],
    );
  }

  /** Its members' positions go too: the conversation's own, now terminal, makes every later event of it stale. */
  private async dropConversation(em: EntityManager, conversationId: string): Promise<void> {
    await em.query(`DELETE FROM rm_event_positions WHERE conversation_id = $1 AND subject <> $2`, [conversationId, CONVERSATION_SUBJECT]);
    await em.query(`DELETE FROM rm_members WHERE conversation_id = $1`, [conversationId]);
    await em.query(`DELETE FROM rm_conversations WHERE conversation_id = $1`, [conversationId]);
  }

  /** A membership change also makes an E2EE conversation's key due for rotation, as on the write side (until the rotation's snapshot). */
  private async recount(em: EntityManager, conversationId: string, membershipChanged = false): Promise<void> {
    await em.query(
      `UPDATE rm_conversations SET member_count = (SELECT count(*) FROM rm_members WHERE conversation_id = $1),
              e2ee = CASE WHEN $2 AND e2ee IS NOT NULL THEN jsonb_set(e2ee, '{rotationRequired}', 'true') ELSE e2ee END
        WHERE conversation_id = $1`,
      [conversationId, membershipChanged],
    );
  }

  private async messageDeleted(em: EntityManager, tombstone: Message): Promise<void> {
    await this.offerLastMessage(em, tombstone);
    await MESSAGE_DELETED.run(em, [tombstone.conversationId, tombstone.seq]);
  }

  private async offerLastMessage(em: EntityManager, message: Message): Promise<void> {
    await OFFER_LAST_MESSAGE.run(em, [message.conversationId, message.seq, message.version, JSON.stringify(asLastMessage(message))]);
  }
}

/**
 * The message becomes the last message when it is newer: a higher seq, or the same message at a
 * version not older. Prepared: every message sent that a batch does not take runs it.
 */
const OFFER_LAST_MESSAGE = new PreparedStatement(
  'read-model-offer-last-message',
  `UPDATE rm_conversations SET last_seq = GREATEST(last_seq, $2),
          last_message = CASE WHEN ${NEWER_LAST_MESSAGE('last_message', '$2', '$3')} THEN $4::jsonb ELSE last_message END
    WHERE conversation_id = $1`,
);

/**
 * Adds a deleted seq to `deleted_through` / `deleted_seqs` (every seq up to the first, and the
 * array's, are deleted) and keeps it canonical: while the array continues the run up to
 * `deleted_through`, the run grows and the array shrinks. The array is sorted, distinct and above
 * `deleted_through`, so its elements that continue the run are exactly those with `s = through + i`
 * (the i-th of them); what is left is the deleted seqs above the first live message. Retention
 * deletes oldest first, so its deletions only move `deleted_through`: the array holds the deletions
 * among live messages, however long the history. The same set in any order gives the same row.
 */
const MESSAGE_DELETED = new PreparedStatement(
  'read-model-message-deleted',
  `WITH merged AS (
     SELECT deleted_through AS through, ARRAY(SELECT DISTINCT s FROM unnest(deleted_seqs || $2::bigint) s WHERE s > deleted_through ORDER BY s) AS seqs
       FROM rm_conversations WHERE conversation_id = $1
   ), run AS (
     SELECT through + (SELECT count(*) FROM unnest(seqs) WITH ORDINALITY u(s, i) WHERE s = through + i) AS through, seqs FROM merged
   )
   UPDATE rm_conversations c SET deleted_through = run.through, deleted_seqs = ARRAY(SELECT s FROM unnest(run.seqs) s WHERE s > run.through ORDER BY s)
     FROM run WHERE c.conversation_id = $1`,
);
