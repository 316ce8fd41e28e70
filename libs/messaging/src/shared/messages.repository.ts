import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, MoreThan, type EntityManager } from 'typeorm';
import { EventName, type Attachment } from '@chat/contracts';
import { idFloor } from '@chat/domain';
import { attachableSql } from '@chat/media';
import { MessageBodies, MessageBodyCipher, MessageEntity, OutboxCommits, PreparedStatement, nearMonthStart, uuidArrayLiteral, type OutboxRowValues } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';

export interface NewMessageRow {
  id: string;
  tenantId: string;
  conversationId: string;
  senderId: string;
  clientMessageId: string;
  body: string;
  attachments: Attachment[];
  createdAt: Date;
  /** The key version of a ciphertext envelope body, null for plaintext (see classifyBody). */
  keyVersion: number | null;
  /** The seq of the message of the conversation this one answers (`replyTo`), null for a message that answers none. */
  replyToSeq: number | null;
  /** The members this message names (`mentions`), null when it names nobody. */
  mentions: string[] | null;
}

/** A message's reactions as one reader sees them: every emoji's count, and the emoji they gave. */
/** One reaction a deleted account's erasure took back, where its message is. */
export interface WithdrawnReaction {
  conversationId: string;
  messageId: string;
  seq: number;
  emoji: string;
}

export interface MessageReactions {
  counts: Record<string, number>;
  mine: string[];
}

/** A message the append statement stored (see MessagesRepository.append). */
export interface AppendedMessage {
  seq: number;
  behindAudienceChange: boolean;
}

/**
 * Events after which some sockets of a conversation's room must no longer get its frames, as the
 * SQL list of the partial index that finds them unpublished (migration OutboxAudienceChanges).
 */
const AUDIENCE_CHANGING_EVENTS = [EventName.MemberLeft, EventName.ConversationDeleted].map((name) => `'${name}'`).join(', ');

@Injectable()
export class MessagesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outboxCommits: OutboxCommits,
    private readonly cipher: MessageBodyCipher,
    private readonly bodies: MessageBodies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Rows as their readers need them: `body` opened (MessageBodies: fetched from the content store
   * when offloaded, opened by MessageBodyCipher under MESSAGE_ENCRYPTION_KEYS). Every method here
   * that returns MessageEntity rows passes them through this; with encryption off a body in the row
   * needs no work but a prefix check. A body that does not open throws (500, logged).
   */
  private async opened(rows: MessageEntity[]): Promise<MessageEntity[]> {
    return this.bodies.openRows(rows);
  }

  private async openedOne(row: MessageEntity | null): Promise<MessageEntity | null> {
    return row === null ? null : (await this.opened([row]))[0];
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Those of `userIds` who are members of the conversation. */
  async membersAmong(conversationId: string, userIds: readonly string[]): Promise<string[]> {
    const rows: { user_id: string }[] = await this.dataSource.query(`SELECT user_id FROM conversation_members WHERE conversation_id = $1 AND user_id = ANY($2::uuid[])`, [conversationId, userIds]);
    return rows.map((r) => r.user_id);
  }

  /** A message of the conversation by id, or null. */
  async inConversation(tenantId: string, conversationId: string, id: string): Promise<MessageEntity | null> {
    return this.openedOne(await this.dataSource.getRepository(MessageEntity).findOneBy({ tenantId, conversationId, id }));
  }

  async findByClientId(conversationId: string, senderId: string, clientMessageId: string): Promise<MessageEntity | null> {
    return this.openedOne(await this.dataSource.getRepository(MessageEntity).findOneBy({ conversationId, senderId, clientMessageId }));
  }

  /**
   * Appends messages and their events in one statement, so one round trip and one commit for the
   * lot: the conversations concerned are locked in id order (concurrent batches never deadlock)
   * and their last seq raised by the number of messages accepted; each accepted message takes the
   * next seq of its conversation in input order, and its outbox row (inserted in that order, so the
   * relay keeps it) gets that seq written into `message.seq`. A message is not accepted, and takes
   * no seq, when its sender already stored one with this clientMessageId, is not a member, has deleted
   * their account (a socket or request still in flight), or there
   * is no such conversation, it is a direct conversation between two people one of whom blocked the
   * other, an upload it names may no longer be attached (marked for purge, or expired since the send
   * checked it: see the statement), or its body does not fit the conversation's encryption (a plaintext
   * conversation takes no ciphertext envelope; an E2EE one only an envelope of its current key
   * version, and none while a rotation is due): its seq is answered as null. The E2EE state is read
   * from the locked conversation row, so a send never reads it in a round trip of its own and a
   * rotation committed meanwhile is seen. A twin clientMessageId in flight
   * elsewhere or in the same batch fails the whole statement on `messages_idempotency` (or a monthly
   * partition's, or near a month's start `month_start_send_keys`: isMessageIdempotencyViolation).
   *
   * Members and conversations are looked up by `= ANY` of the input arrays, which the primary keys
   * answer. After five calls Postgres runs a prepared statement on its generic plan, which counts
   * 100 rows for any `unnest`; written as a join with the input, the membership check then hashed
   * every row of conversation_members for each send (0.4 of 0.8 ms at 2,000 members).
   *
   * Each stored message also says whether it is `behindAudienceChange`: an event that takes readers
   * out of its conversation (a member left, the conversation was deleted) committed before it and
   * is not published yet, so a frame of this message must not reach the sockets before that event.
   */
  async append(rows: readonly NewMessageRow[], events: readonly OutboxRowValues[]): Promise<(AppendedMessage | null)[]> {
    const stored = await APPEND_MESSAGES.run(this.dataSource, [
      rows.map((r) => r.id),
      rows.map((r) => r.tenantId),
      rows.map((r) => r.conversationId),
      rows.map((r) => r.senderId),
      rows.map((r) => r.clientMessageId),
      // Sealed here, for the row only: the event beside it carries the message as sent (see README, encryption at rest).
      rows.map((r) => this.cipher.seal(r.body, r.id)),
      rows.map((r) => JSON.stringify(r.attachments)),
      rows.map((r) => r.createdAt),
      events.map((e) => e.eventId),
      events.map((e) => e.eventName),
      events.map((e) => e.aggregateType),
      events.map((e) => e.aggregateId),
      events.map((e) => JSON.stringify(e.payload)),
      events.map((e) => JSON.stringify(e.headers)),
      rows.map((r) => r.keyVersion),
      this.config.media.unattachedTtlHours,
      // Its id is taken at createdAt (SendMessageHandler), so this is where the id falls.
      rows.map((r) => nearMonthStart(r.createdAt)),
      rows.map((r) => r.replyToSeq),
      rows.map((r) => (r.mentions ? uuidArrayLiteral(r.mentions) : null)),
    ]);
    if (stored.length > 0) this.outboxCommits.committed();
    const appended: (AppendedMessage | null)[] = rows.map(() => null);
    for (const { n, seq, behind_audience_change } of stored) appended[Number(n) - 1] = { seq: Number(seq), behindAudienceChange: behind_audience_change };
    return appended;
  }

  /**
   * Reads and locks one message of a conversation: edits, deletes and reactions on it serialise here.
   * `openBody` false leaves the body as stored, for a deletion, which needs none and must work even
   * for a body that no longer opens.
   */
  async lock(em: EntityManager, tenantId: string, conversationId: string, messageId: string, openBody = true): Promise<MessageEntity | null> {
    const row = await em.getRepository(MessageEntity).findOne({ where: { tenantId, conversationId, id: messageId }, lock: { mode: 'pessimistic_write' } });
    return openBody ? this.openedOne(row) : row;
  }

  async edit(em: EntityManager, row: MessageEntity, body: string): Promise<MessageEntity> {
    const [[updated]] = await em.query(`UPDATE messages SET body = $2, edited_at = now(), version = version + 1 WHERE id = $1 RETURNING edited_at, version`, [row.id, this.cipher.seal(body, row.id)]);
    // An offloaded body is back in the row now: the release trigger cleared content_key and queued its object's deletion.
    return Object.assign(new MessageEntity(), row, { body, contentKey: null, editedAt: updated.edited_at, version: updated.version });
  }

  /** The conversations where a sender still has messages with content (one pass over the table: for account erasure only). */
  async conversationsWithLiveMessagesOf(tenantId: string, senderId: string): Promise<string[]> {
    const rows: { conversationId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT conversation_id AS "conversationId" FROM messages WHERE tenant_id = $1 AND sender_id = $2 AND deleted_at IS NULL`,
      [tenantId, senderId],
    );
    return rows.map((r) => r.conversationId);
  }

  /**
   * Up to `limit` of a sender's messages in a conversation that still have content, locked (the idempotency index finds them).
   * Bodies as stored, not opened: these rows only become tombstones, which must work even for a body that no longer opens.
   */
  liveMessagesIn(em: EntityManager, conversationId: string, senderId: string, limit: number): Promise<MessageEntity[]> {
    return em
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId AND m.sender_id = :senderId AND m.deleted_at IS NULL', { conversationId, senderId })
      .orderBy('m.seq')
      .limit(limit)
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Up to `limit` messages with content made before `cutoff`, oldest first, locked (rows another node holds are skipped); bodies as stored, as liveMessagesIn. */
  expiredMessages(em: EntityManager, cutoff: Date, limit: number): Promise<MessageEntity[]> {
    return em
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      // The id bound keeps this a primary-key range scan (ids are UUIDv7); created_at is the rule.
      .where('m.id < :floor AND m.created_at < :cutoff AND m.deleted_at IS NULL', { floor: idFloor(cutoff), cutoff })
      .orderBy('m.id')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /**
   * Removes up to `limit` tombstones deleted before `cutoff`, with what only they referenced (their
   * search rows, pending notifications); answers how many went. A tombstone is never older than its
   * message, so the id bound holds.
   */
  async purgeTombstones(cutoff: Date, limit: number): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [rows] = await em.query(
        `DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE id < $1 AND deleted_at < $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING id`,
        [idFloor(cutoff), cutoff, limit],
      );
      const ids = (rows as { id: string }[]).map((r) => r.id);
      if (ids.length > 0) {
        await em.query(`DELETE FROM search_messages WHERE message_id = ANY($1::uuid[])`, [ids]);
        await em.query(`DELETE FROM notification_queue WHERE message_id = ANY($1::uuid[])`, [ids]);
      }
      return ids.length;
    });
  }

  /** The tombstone: content, reactions, which message it answered and whom it named are erased, not just hidden; seq and sender stay. */
  async tombstone(em: EntityManager, row: MessageEntity): Promise<MessageEntity> {
    const [[updated]] = await em.query(
      `UPDATE messages SET body = '', attachments = '[]'::jsonb, reply_to_seq = NULL, mentions = NULL, deleted_at = now(), version = version + 1 WHERE id = $1 RETURNING deleted_at, version`,
      [row.id],
    );
    await em.query(`DELETE FROM message_reactions WHERE message_id = $1`, [row.id]);
    // Unpinned without a pin.updated of its own: message.deleted tells every client to drop it.
    await em.query(`DELETE FROM message_pins WHERE conversation_id = $1 AND seq = $2`, [row.conversationId, row.seq]);
    return Object.assign(new MessageEntity(), row, { body: '', attachments: [], replyToSeq: null, mentions: null, deletedAt: updated.deleted_at, version: updated.version });
  }

  /**
   * Takes back up to `limit` of a user's reactions (a deleted account's), answering each with its
   * message's conversation and seq for the events that tell members. Rows another node's batch
   * holds are skipped. (No index leads with the user: the scan is the one the deletion always made.)
   */
  async withdrawReactionsOf(em: EntityManager, tenantId: string, userId: string, limit: number): Promise<WithdrawnReaction[]> {
    const [rows]: [WithdrawnReaction[], number] = await em.query(
      `WITH taken AS (SELECT message_id, emoji FROM message_reactions WHERE tenant_id = $1 AND user_id = $2 LIMIT $3 FOR UPDATE SKIP LOCKED)
       DELETE FROM message_reactions r USING taken t, messages m
        WHERE r.message_id = t.message_id AND r.emoji = t.emoji AND r.user_id = $2 AND m.id = r.message_id
        RETURNING r.conversation_id AS "conversationId", r.message_id AS "messageId", m.seq::int AS seq, r.emoji`,
      [tenantId, userId, limit],
    );
    return rows;
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

  /**
   * Reactions per message id (messages without reactions are absent): every emoji's count, and the
   * emoji the reader gave among them, from the same rows in one query.
   */
  async reactions(messageIds: readonly string[], readerId: string, em: EntityManager = this.dataSource.manager): Promise<Map<string, MessageReactions>> {
    const reactions = new Map<string, MessageReactions>();
    if (messageIds.length === 0) return reactions;
    const rows: { message_id: string; emoji: string; n: number; mine: boolean }[] = await em.query(
      `SELECT message_id, emoji, count(*)::int AS n, bool_or(user_id = $2) AS mine FROM message_reactions WHERE message_id = ANY($1::uuid[]) GROUP BY message_id, emoji ORDER BY message_id, emoji`,
      [messageIds, readerId],
    );
    for (const r of rows) {
      let message = reactions.get(r.message_id);
      if (!message) reactions.set(r.message_id, (message = { counts: {}, mine: [] }));
      message.counts[r.emoji] = r.n;
      if (r.mine) message.mine.push(r.emoji);
    }
    return reactions;
  }

  /** Messages of a tenant by id, in no particular order (ids of other tenants or unknown ones are absent). */
  async byIds(tenantId: string, ids: readonly string[]): Promise<MessageEntity[]> {
    if (ids.length === 0) return [];
    return this.opened(await this.dataSource.getRepository(MessageEntity).findBy({ tenantId, id: In(ids as string[]) }));
  }

  /** The messages of a conversation at `seqs`, in no particular order (seqs without one are absent); from `source` (the primary, a read replica, or a transaction's manager). */
  async bySeqs(conversationId: string, seqs: readonly number[], source: DataSource | EntityManager = this.dataSource): Promise<MessageEntity[]> {
    if (seqs.length === 0) return [];
    return this.opened(await source.getRepository(MessageEntity).findBy({ conversationId, seq: In(seqs as number[]) }));
  }

  /** Up to `take` messages below `belowSeq`, ascending; from `source` (the primary, or a read replica). */
  async older(conversationId: string, belowSeq: number, take: number, source: DataSource = this.dataSource): Promise<MessageEntity[]> {
    const rows = await source.getRepository(MessageEntity).find({ where: { conversationId, seq: LessThan(belowSeq) }, order: { seq: 'DESC' }, take });
    return this.opened(rows.reverse());
  }

  /** Up to `take` messages above `aboveSeq`, ascending; from `source` (the primary, or a read replica). */
  async newer(conversationId: string, aboveSeq: number, take: number, source: DataSource = this.dataSource): Promise<MessageEntity[]> {
    return this.opened(await source.getRepository(MessageEntity).find({ where: { conversationId, seq: MoreThan(aboveSeq) }, order: { seq: 'ASC' }, take }));
  }

  /**
   * Whether `source` holds every message of the conversation up to `seq`. A message commits with
   * its conversation's last_seq, and seqs are taken under that row's lock, so they commit in seq
   * order: a copy (a read replica) whose last_seq has reached `seq` has all of them.
   */
  async holdsThrough(source: DataSource, conversationId: string, seq: number): Promise<boolean> {
    const [row] = await source.query(`SELECT last_seq >= $2 AS holds FROM conversations WHERE id = $1`, [conversationId, seq]);
    return row?.holds === true;
  }
}

/** See MessagesRepository.append. */
const APPEND_MESSAGES = new PreparedStatement<{ n: string; seq: string; behind_audience_change: boolean }>(
  'append-messages',
  `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[],
                              $9::uuid[], $10::text[], $11::text[], $12::uuid[], $13::jsonb[], $14::jsonb[], $15::int[], $17::boolean[], $18::bigint[], $19::text[])
                WITH ORDINALITY AS i(id, tenant_id, conversation_id, sender_id, client_message_id, body, attachments, created_at,
                                     event_id, event_name, aggregate_type, aggregate_id, payload, headers, key_version, near_month_start, reply_to_seq, mentions, n)),
       accepted AS (
         SELECT i.* FROM input i
          -- A deleted account's socket or request still in flight sends nothing more. Not locked (a lock per sender per batch
          -- is a WAL write on the hot path): a send whose snapshot predates the deletion's commit may still land; AccountErasure
          -- marks an account erased only after a pass that found none of its messages, so it erases such a message unless
          -- it commits after that last pass, milliseconds after the deletion.
          WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i.sender_id AND u.deleted_at IS NOT NULL)
            AND (i.conversation_id, i.sender_id) IN (SELECT m.conversation_id, m.user_id FROM conversation_members m
                                                      WHERE m.conversation_id = ANY ($3::uuid[]) AND m.user_id = ANY ($4::uuid[]))
            AND NOT EXISTS (SELECT 1 FROM messages d WHERE d.conversation_id = i.conversation_id AND d.sender_id = i.sender_id AND d.client_message_id = i.client_message_id)),
       -- A closed conversation takes nothing: read under the row lock, which closing takes too, so no send lands after a close commits.
       locked AS (
         SELECT c.id, c.type, c.e2ee, c.e2ee_key_version, c.e2ee_rotation_required FROM conversations c
          WHERE c.id = ANY ($3::uuid[]) AND c.id IN (SELECT conversation_id FROM accepted) AND c.deleted_at IS NULL AND c.closed_at IS NULL
          ORDER BY c.id FOR UPDATE),
       -- The uploads the messages name that they may carry: not marked for purge, and carried already or not expired by this
       -- statement's now() (attachableSql; MediaRepository.markUnattachedForPurge says why no purge can mark one under us).
       -- Each is locked FOR SHARE once its message's conversation is (conversation, then upload: the order account deletion
       -- locks in; a message deletion locks the message, then the upload, and no conversation after it): a deletion releasing
       -- the upload (MediaRepository.releaseFromMessages) holds it FOR UPDATE until it commits, so either it waits for this
       -- send and then counts its message as a carrier, or this waits for the deletion and, reading the row's latest version,
       -- finds its mark and refuses the message. Only messages with attachments read this (through admitted): no upload, no read.
       kept AS (
         SELECT md.id FROM media md
          WHERE md.id = ANY (ARRAY(SELECT (x->>'id')::uuid FROM accepted a, jsonb_array_elements(a.attachments) x
                                    WHERE x ? 'id' AND a.conversation_id IN (SELECT id FROM locked)))
            AND md.purge_requested_at IS NULL AND ${attachableSql('$16::int')}
          FOR SHARE OF md),
       admitted AS (
         SELECT a.* FROM accepted a JOIN locked l ON l.id = a.conversation_id
          WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(a.attachments) x WHERE x ? 'id' AND (x->>'id')::uuid NOT IN (SELECT id FROM kept))
            AND ((NOT l.e2ee AND a.key_version IS NULL)
             OR (l.e2ee AND NOT l.e2ee_rotation_required AND a.key_version = l.e2ee_key_version))
            -- A direct message needs no block either way between its two people; other types never look.
            -- (Two primary-key probes per other member, however many people the sender blocked.)
            AND (l.type <> 'direct' OR NOT EXISTS (
                  SELECT 1 FROM conversation_members o
                   WHERE o.conversation_id = a.conversation_id AND o.user_id <> a.sender_id
                     AND (EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = a.sender_id AND b.blocked_id = o.user_id)
                          OR EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = o.user_id AND b.blocked_id = a.sender_id))))),
       bumped AS (
         UPDATE conversations c SET last_seq = c.last_seq + a.added
           FROM (SELECT conversation_id, tenant_id, count(*) AS added FROM admitted GROUP BY conversation_id, tenant_id) a, locked l
          WHERE c.id = a.conversation_id AND c.tenant_id = a.tenant_id AND l.id = c.id AND c.deleted_at IS NULL
          RETURNING c.id, c.last_seq - a.added AS seq_before),
       sequenced AS (
         SELECT a.*, b.seq_before + row_number() OVER (PARTITION BY a.conversation_id ORDER BY a.n) AS seq
           FROM admitted a JOIN bumped b ON b.id = a.conversation_id),
       message AS (
         INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at, reply_to_seq, mentions)
         SELECT id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at, reply_to_seq, mentions::uuid[] FROM sequenced),
       -- Near a month's start, the key once more where every monthly partition's twin meets it (nearMonthStart).
       month_start_key AS (
         INSERT INTO month_start_send_keys (conversation_id, sender_id, client_message_id)
         SELECT conversation_id, sender_id, client_message_id FROM sequenced WHERE near_month_start),
       -- Which uploads the message carries, so deleting it can release them (MessageAttachments.release).
       attached AS (
         INSERT INTO message_media (message_id, media_id, tenant_id)
         SELECT DISTINCT s.id, (a->>'id')::uuid, s.tenant_id FROM sequenced s, jsonb_array_elements(s.attachments) a WHERE a ? 'id'),
       event AS (
         INSERT INTO outbox (tenant_id, event_id, event_name, aggregate_type, aggregate_id, payload, headers)
         SELECT tenant_id, event_id, event_name, aggregate_type, aggregate_id, jsonb_set(payload, '{message,seq}', to_jsonb(seq)), headers FROM sequenced ORDER BY n)
       -- The statement's snapshot holds every event committed before it (its own inserts are not in it).
       SELECT n, seq, EXISTS (SELECT 1 FROM outbox o
                               WHERE o.published_at IS NULL AND o.event_name IN (${AUDIENCE_CHANGING_EVENTS}) AND o.aggregate_id = s.conversation_id) AS behind_audience_change
         FROM sequenced s`,
);
