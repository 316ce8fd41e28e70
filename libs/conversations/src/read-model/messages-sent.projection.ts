import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventName, type EventEnvelope, type Message } from '@chat/contracts';
import { PreparedStatement } from '@chat/persistence';
import { changesFor } from './change-log';
import { asLastMessage } from './last-message';
import { NEWER_LAST_MESSAGE, SUPERSEDED_MESSAGE_ROW, tenantLockKey } from './read-model.sql';

/**
 * The read model's hot path: a batch of nothing but `message.sent` events (what a busy server
 * mostly sees) applied in one statement, so one round trip and one commit instead of a
 * transaction of several. It does what ReadModelConsumer's transaction does for those events
 * (inbox, last message, change log rows from `changesFor`, none for a message the log already
 * holds edited or deleted: SUPERSEDED_MESSAGE_ROW), under
 * the same tenant locks. The locks are only tried: the statement's snapshot predates them, so a
 * lock another writer holds (a rebuild, a batch of another process) makes it do nothing and
 * answer false, and the caller takes the transactional path, which waits with fresh snapshots.
 *
 * The rows to update are also named by `= ANY` of the input arrays, which the primary key answers:
 * Postgres runs this statement on a generic plan, which counts 100 rows for any `unnest` and
 * would otherwise join against every row of rm_conversations (see
 * MessagesRepository.append).
 */
@Injectable()
export class MessagesSentProjection {
  constructor(private readonly dataSource: DataSource) {}

  static handles(events: readonly EventEnvelope[]): boolean {
    return events.length > 0 && events.every((e) => e.name === EventName.MessageSent);
  }

  /** True when applied (redeliveries skipped by the inbox); false when a tenant lock was taken. */
  async apply(consumer: string, events: readonly EventEnvelope[]): Promise<boolean> {
    const messages = events.map((e) => (e as EventEnvelope<typeof EventName.MessageSent>).payload.message);
    const changes = events.flatMap((event) => changesFor(event).map((row) => ({ ...row, eventId: event.id, tenantId: event.tenantId })));
    const [{ locked }] = await APPLY_MESSAGES_SENT.run(this.dataSource, [
      consumer,
      [...new Set(events.map((e) => tenantLockKey(e.tenantId)))],
      events.map((e) => e.id),
      ...messageColumns(messages),
      changes.map((r) => r.eventId),
      changes.map((r) => r.tenantId),
      changes.map((r) => r.conversationId),
      changes.map((r) => r.audience),
      changes.map((r) => r.userId),
      changes.map((r) => r.messageId),
      changes.map((r) => r.type),
      changes.map((r) => JSON.stringify(r.payload)),
    ]);
    return locked;
  }
}

const messageColumns = (messages: readonly Message[]) => [
  messages.map((m) => m.conversationId),
  messages.map((m) => m.seq),
  messages.map((m) => m.version),
  messages.map((m) => JSON.stringify(asLastMessage(m))),
];

const APPLY_MESSAGES_SENT = new PreparedStatement<{ locked: boolean }>(
  'read-model-messages-sent',
  `WITH locked AS (
         SELECT coalesce(bool_and(pg_try_advisory_xact_lock(hashtext(k))), true) AS ok FROM unnest($2::text[]) k),
       fresh AS (
         INSERT INTO rm_inbox (consumer, event_id) SELECT $1, e FROM unnest($3::uuid[]) e WHERE (SELECT ok FROM locked)
         ON CONFLICT DO NOTHING RETURNING event_id),
       sent AS (
         SELECT s.* FROM unnest($3::uuid[], $4::uuid[], $5::bigint[], $6::int[], $7::jsonb[]) AS s(event_id, conversation_id, seq, version, message)
          WHERE s.event_id IN (SELECT event_id FROM fresh)),
       last AS (
         UPDATE rm_conversations c SET last_seq = GREATEST(c.last_seq, n.seq),
                last_message = CASE WHEN ${NEWER_LAST_MESSAGE('c.last_message', 'n.seq', 'n.version')} THEN n.message ELSE c.last_message END
           FROM (SELECT DISTINCT ON (conversation_id) conversation_id, seq, version, message FROM sent ORDER BY conversation_id, seq DESC, version DESC) n
          WHERE c.conversation_id = ANY ($4::uuid[]) AND c.conversation_id = n.conversation_id),
       changes AS (
         INSERT INTO rm_changes (tenant_id, conversation_id, audience, user_id, message_id, type, payload)
         SELECT tenant_id, conversation_id, audience, user_id, message_id, type, payload
           FROM unnest($8::uuid[], $9::uuid[], $10::uuid[], $11::text[], $12::uuid[], $13::uuid[], $14::text[], $15::jsonb[])
                WITH ORDINALITY AS r(event_id, tenant_id, conversation_id, audience, user_id, message_id, type, payload, n)
          WHERE r.event_id IN (SELECT event_id FROM fresh) AND NOT ${SUPERSEDED_MESSAGE_ROW('r')}
          ORDER BY n)
   SELECT ok AS locked FROM locked`,
);
