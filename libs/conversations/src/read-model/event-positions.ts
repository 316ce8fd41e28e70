import { EventName, type EventEnvelope, type EventPayloads } from '@chat/contracts';

/**
 * The piece of a conversation's read-model state an event overwrites whole, where that state has no
 * version of its own to compare (messages carry `version`; read pointers only move forward): the
 * conversation's snapshot, and one member's membership, role, mute and favourite. ReadModelConsumer
 * keeps the position of the newest event applied to each in `rm_event_positions`, and skips an
 * older one.
 */
export interface EventSubject {
  conversationId: string;
  subject: string;
  /** The event's position (a bigint as text); a deletion claims CONVERSATION_DELETED_POSITION. */
  position: string;
  /**
   * A subject whose later event also makes this one stale: a member's role, mute and favourite
   * belong to one membership, so they are older than the member's next leave or join. Not the other
   * way: a join is still applied after a later role change (the list needs the member).
   */
  membership: string | null;
}

/**
 * What a deleted conversation's subject is set to: every later event of it is older, so a replayed
 * update or join never brings back a conversation, or its members, that is gone.
 */
export const CONVERSATION_DELETED_POSITION = '9223372036854775807';
export const CONVERSATION_SUBJECT = 'conversation';

/** The subject of an event, when it has one and a position (events published before positions apply as they always did). */
export function subjectOf(event: EventEnvelope): EventSubject | null {
  if (event.position === undefined) return null;
  const position = event.name === EventName.ConversationDeleted ? CONVERSATION_DELETED_POSITION : String(event.position);
  const of = (conversationId: string, subject: string, membership: string | null = null): EventSubject => ({ conversationId, subject, position, membership });
  const ofMember = ({ conversationId, userId }: { conversationId: string; userId: string }, setting: string) => of(conversationId, `${setting}:${userId}`, `member:${userId}`);
  const p = event.payload;
  switch (event.name) {
    case EventName.ConversationCreated:
    case EventName.ConversationUpdated:
      return of((p as EventPayloads[typeof EventName.ConversationUpdated]).conversation.id, CONVERSATION_SUBJECT);
    case EventName.ConversationDeleted:
      return of((p as EventPayloads[typeof EventName.ConversationDeleted]).conversationId, CONVERSATION_SUBJECT);
    case EventName.MemberJoined:
    case EventName.MemberLeft: {
      const m = p as EventPayloads[typeof EventName.MemberJoined];
      return of(m.conversationId, `member:${m.userId}`);
    }
    case EventName.MemberRoleChanged:
      return ofMember(p as EventPayloads[typeof EventName.MemberRoleChanged], 'role');
    case EventName.MemberMuted:
      return ofMember(p as EventPayloads[typeof EventName.MemberMuted], 'muted');
    case EventName.MemberFavourited:
      return ofMember(p as EventPayloads[typeof EventName.MemberFavourited], 'favourite');
    default:
      return null;
  }
}

/**
 * Records the batch's first deliveries in the inbox (ids already there are redeliveries) and, in the
 * same statement, which of them are stale: older than the position stored for their subject or
 * their membership, or about a deleted conversation. (The events of one batch come in publish
 * order, so they are only compared with what earlier batches stored.) The positions of the fresh
 * ones are stored, only ever raised. All writers hold the tenant's read-model lock.
 * $1 consumer, $2 event ids; $3..$8 the subjects: event id, tenant, conversation, subject, position, membership.
 */
export const RECORD_DELIVERIES_SQL = `WITH fresh AS (
       INSERT INTO rm_inbox (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id),
     claims AS (
       SELECT c.*, EXISTS (
                SELECT 1 FROM rm_event_positions p
                 WHERE p.conversation_id = c.conversation_id
                   AND ((p.subject IN (c.subject, c.membership) AND p.position > c.position)
                        OR (p.subject = '${CONVERSATION_SUBJECT}' AND p.position = ${CONVERSATION_DELETED_POSITION}))) AS stale
         FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::bigint[], $8::text[]) AS c(event_id, tenant_id, conversation_id, subject, position, membership)
        WHERE c.event_id IN (SELECT event_id FROM fresh)),
     recorded AS (
       INSERT INTO rm_event_positions (conversation_id, subject, tenant_id, position)
       SELECT conversation_id, subject, tenant_id, max(position) FROM claims WHERE NOT stale GROUP BY conversation_id, subject, tenant_id
       ON CONFLICT (conversation_id, subject) DO UPDATE SET position = EXCLUDED.position WHERE rm_event_positions.position < EXCLUDED.position)
   SELECT f.event_id, coalesce(c.stale, false) AS stale FROM fresh f LEFT JOIN claims c ON c.event_id = f.event_id`;
