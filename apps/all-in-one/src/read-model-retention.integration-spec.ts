import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ReadModelRebuild } from '@chat/conversations';
import { MessageRetention } from '@chat/messaging';
import { eventually, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const DAY = 86_400_000;
const OLD_MESSAGES = 300;

/**
 * With a retention policy every message is deleted in the end, so the conversation list's deleted
 * seqs must not be kept one by one: the retention's deletions become a run (`deleted_through`), the
 * array keeps only deletions among live messages, and unread counts stay exact for every read
 * pointer, through the deletions, the purge and a rebuild from the tables.
 */
describe('conversation list read model under message retention (MESSAGE_RETENTION_DAYS, MESSAGE_PURGE_AFTER_DAYS)', () => {
  let server: TestApp;
  let db: Client;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { MESSAGE_RETENTION_DAYS: '90', MESSAGE_PURGE_AFTER_DAYS: '7' });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const stored = async (conversationId: string) =>
    (await db.query(`SELECT deleted_through::int AS through, deleted_seqs::int[] AS seqs FROM rm_conversations WHERE conversation_id = $1`, [conversationId])).rows[0] as { through: number; seqs: number[] };
  const unread = async (users: TestUser[], conversationId: string) =>
    Promise.all(users.map(async (u) => (await u.api.listConversations()).conversations.find((c) => c.id === conversationId)!.unreadCount));
  /** What unread means: live messages after the user's read pointer that someone else sent. */
  const truth = async (users: TestUser[], conversationId: string) =>
    Promise.all(
      users.map(async (u) => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM messages x JOIN conversation_members m ON m.conversation_id = x.conversation_id AND m.user_id = $2
            WHERE x.conversation_id = $1 AND x.seq > m.last_read_seq AND x.deleted_at IS NULL AND x.sender_id <> $2`,
          [conversationId, u.id],
        );
        return rows[0].n as number;
      }),
    );

  it('keeps the deleted seqs bounded and every member’s unread count exact through retention, purge and rebuild', async () => {
    const users = await Promise.all(['alice', 'bob', 'carol'].map((n) => signUp(server.url, n)));
    const [alice, bob, carol] = users;
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'old', memberIds: [bob.id, carol.id] });
    // 300 messages from 100 days ago and 4 from 20 days ago, as an import would have written them, in seq order.
    const seqs = Array.from({ length: OLD_MESSAGES + 4 }, (_, i) => i + 1);
    const sentAt = (seq: number) => Date.now() - (seq <= OLD_MESSAGES ? 100 : 20) * DAY + seq;
    const senderOf = (seq: number) => (seq <= OLD_MESSAGES ? users[seq % 3] : seq % 2 === 0 ? bob : alice);
    await db.query(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
       SELECT x.id, u.tenant_id, $1, x.seq, x.sender, x.client, 'old', '[]', x.at
         FROM unnest($2::uuid[], $3::bigint[], $4::uuid[], $5::uuid[], $6::timestamptz[]) AS x(id, seq, sender, client, at) JOIN users u ON u.id = x.sender`,
      [
        conversation.id,
        seqs.map((s) => uuidv7({ msecs: sentAt(s) })),
        seqs,
        seqs.map((s) => senderOf(s).id),
        seqs.map(() => randomUUID()),
        seqs.map((s) => new Date(sentAt(s))),
      ],
    );
    await db.query(`UPDATE conversations SET last_seq = $2 WHERE id = $1`, [conversation.id, OLD_MESSAGES + 4]);
    const { rows: imported } = await db.query(`SELECT id FROM messages WHERE conversation_id = $1 AND seq = $2`, [conversation.id, OLD_MESSAGES + 2]);
    for (const u of [carol, alice]) await u.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'recent' });
    await bob.api.deleteMessage(conversation.id, imported[0].id); // a deletion among live messages (bob sent 302)
    await alice.api.markRead(conversation.id, 40); // alice's pointer is older than the purge will be
    await bob.api.markRead(conversation.id, OLD_MESSAGES + 2);
    // carol has read nothing (pointer 0), as an agent newly routed to a business conversation.
    const rebuild = server.app.get(ReadModelRebuild);
    await rebuild.rebuild(); // the read model learns the imported messages
    expect(await unread(users, conversation.id)).toEqual(await truth(users, conversation.id));

    const retention = server.app.get(MessageRetention);
    expect(await retention.apply()).toEqual({ deleted: OLD_MESSAGES, purged: 0 });
    const afterRetention = [2, 3, 4]; // live: 301 alice, 303 alice, 304 bob, 305 carol, 306 alice
    expect(await truth(users, conversation.id)).toEqual(afterRetention);
    await eventually(async () => expect(await unread(users, conversation.id)).toEqual(afterRetention)); // 300 deletions projected
    const projected = await stored(conversation.id);
    expect(projected).toEqual({ through: OLD_MESSAGES, seqs: [OLD_MESSAGES + 2] });
    await rebuild.rebuild();
    expect(await stored(conversation.id)).toEqual(projected);
    expect(await unread(users, conversation.id)).toEqual(afterRetention);

    // Every tombstone is past the purge period: the rows go, the counts stay.
    await db.query(`UPDATE messages SET deleted_at = now() - interval '8 days' WHERE conversation_id = $1 AND deleted_at IS NOT NULL`, [conversation.id]);
    expect(await retention.apply()).toEqual({ deleted: 0, purged: OLD_MESSAGES + 1 });
    expect(await unread(users, conversation.id)).toEqual(afterRetention);
    await rebuild.rebuild(); // from tables that no longer hold the purged seqs
    expect(await stored(conversation.id)).toEqual(projected);
    expect(await unread(users, conversation.id)).toEqual(afterRetention);
  });
});
