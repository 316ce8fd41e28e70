import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EventName, type EventEnvelope } from '@chat/contracts';
import { MessagesSentProjection, READ_MODEL_GROUP, ReadModelConsumer, ReadModelRebuild } from '@chat/conversations';
import { eventually, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * The conversation list read model is built by a projection from events. Whichever way it is
 * built (live, replayed from the first event, rebuilt from the source tables) the rows must be
 * the same, and delivering every event again must change nothing.
 */
describe('conversation list read model: rebuilds and replays give the same rows', () => {
  let server: TestApp;
  let db: Client;
  // As JSON, so timestamps compare at full (microsecond) precision, not as JS Dates.
  const snapshot = async () => ({
    conversations: (await db.query(`SELECT to_jsonb(c) AS row FROM rm_conversations c ORDER BY conversation_id`)).rows.map((r) => r.row),
    members: (await db.query(`SELECT to_jsonb(m) AS row FROM rm_members m ORDER BY conversation_id, user_id`)).rows.map((r) => r.row),
  });
  const lists = (users: TestUser[]) => Promise.all(users.map(async (u) => (await u.api.listConversations()).conversations));

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await server.close();
  });

  async function busyHistory(): Promise<TestUser[]> {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => signUp(server.url, n)));
    const say = async (u: TestUser, id: string, body: string) => (await u.api.sendMessage(id, { clientMessageId: randomUUID(), body })).message;
    const { conversation: g } = await alice.api.createConversation({ type: 'group', name: 'g', memberIds: [bob.id, carol.id] });
    const { conversation: c } = await alice.api.createConversation({ type: 'channel', name: `c-${randomUUID()}` });
    const { conversation: d } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const { conversation: doomed } = await bob.api.createConversation({ type: 'group', memberIds: [carol.id] });
    await bob.api.join(c.id);
    await carol.api.join(c.id);
    for (let i = 0; i < 6; i++) await say([alice, bob, carol][i % 3], g.id, `g${i}`);
    const cm = [];
    for (let i = 0; i < 5; i++) cm.push(await say([alice, bob][i % 2], c.id, `c${i} 👋🏽`));
    await carol.api.leave(c.id);
    await say(bob, c.id, 'after carol left');
    await carol.api.join(c.id);
    const dm = await say(bob, d.id, 'psst');
    await say(alice, d.id, 'yes?');
    await bob.api.editMessage(d.id, dm.id, 'psst!', 1);
    await bob.api.deleteMessage(c.id, cm[1].id);
    const last = await say(alice, c.id, 'last in c');
    await bob.api.react(c.id, last.id, '👍');
    await carol.api.react(c.id, last.id, '👍');
    await carol.api.react(c.id, cm[0].id, '🎉');
    await carol.api.unreact(c.id, last.id, '👍');
    await alice.api.deleteMessage(c.id, last.id); // the last message becomes a tombstone
    await bob.api.markRead(g.id, 4);
    await carol.api.markRead(c.id, 3);
    await bob.api.setMuted(c.id, true);
    await carol.api.setMuted(g.id, true);
    await carol.api.setMuted(g.id, false);
    await alice.api.updateConversation(g.id, { name: 'g renamed' });
    await alice.api.changeRole(c.id, bob.id, 'admin');
    await alice.api.kick(g.id, carol.id);
    await say(bob, doomed.id, 'bye');
    await bob.api.deleteConversation(doomed.id);
    return [alice, bob, carol];
  }

  /** Consecutive message.sent events as one batch each run, every other event alone. */
  function messageSentRuns(events: EventEnvelope[]): EventEnvelope[][] {
    const batches: EventEnvelope[][] = [];
    for (const event of events) {
      const last = batches.at(-1);
      if (event.name === EventName.MessageSent && last?.[0].name === EventName.MessageSent) last.push(event);
      else batches.push([event]);
    }
    return batches;
  }

  async function allEvents(): Promise<EventEnvelope[]> {
    const { rows } = await db.query(`SELECT event_id, event_name, tenant_id, aggregate_type, aggregate_id, occurred_at, headers, payload FROM outbox ORDER BY id`);
    return rows.map((r) => ({ id: r.event_id, name: r.event_name, tenantId: r.tenant_id, aggregateType: r.aggregate_type, aggregateId: r.aggregate_id, occurredAt: r.occurred_at.toISOString(), headers: r.headers, payload: r.payload }) as EventEnvelope);
  }

  it('builds the same rows live, by replaying every event from scratch, and by rebuilding from the tables', async () => {
    const users = await busyHistory();
    const listsLive = await lists(users); // waits for the projection to catch up
    const live = await snapshot();
    expect(live.conversations.length).toBeGreaterThanOrEqual(3);
    expect(live.conversations.some((c) => c.deleted_seqs.length > 0)).toBe(true);
    // Own messages after the pointer, which the unread count leaves out: bob's in g after his read up to 4, and others.
    expect(listsLive[1].find((c) => c.name === 'g renamed')).toMatchObject({ lastReadSeq: 4, unreadCount: 1 });

    const consumer = server.app.get(ReadModelConsumer);
    const events = await allEvents();
    const changeRows = Number((await db.query(`SELECT count(*) FROM rm_changes`)).rows[0].count);
    for (const event of events) await consumer.apply([event]); // every event delivered again
    expect(await snapshot()).toEqual(live);
    expect(Number((await db.query(`SELECT count(*) FROM rm_changes`)).rows[0].count)).toBe(changeRows);

    await db.query(`TRUNCATE rm_conversations, rm_members, rm_inbox`);
    for (const event of events) await consumer.apply([event]); // replayed from the first event
    expect(await snapshot()).toEqual(live);

    // Replayed again in batches: runs of message.sent take the one-statement path (several
    // messages of one conversation and sender at once), delivered twice; the rest one by one.
    await db.query(`TRUNCATE rm_conversations, rm_members, rm_inbox`);
    for (const batch of messageSentRuns(events)) {
      await consumer.apply(batch);
      await consumer.apply(batch);
    }
    expect(await snapshot()).toEqual(live);

    await server.app.get(ReadModelRebuild).rebuild(); // from conversations, members, messages and reactions
    expect(await snapshot()).toEqual(live);
    expect(await lists(users)).toEqual(listsLive);
  });

  it('leaves out my own messages after my pointer without storing them: a sender who never reads grows no row', async () => {
    const [bot, bob] = await Promise.all(['bot', 'bob'].map((n) => signUp(server.url, n)));
    const { conversation } = await bot.api.createConversation({ type: 'group', name: 'feed', memberIds: [bob.id] });
    const sent = [];
    for (let i = 0; i < 30; i++) sent.push((await (i % 3 === 2 ? bob : bot).api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `m${i}` })).message);
    const unreadOf = async (user: TestUser) => (await user.api.listConversations()).conversations.find((c) => c.id === conversation.id)!;
    const rowBytes = async (user: TestUser) =>
      Number((await db.query(`SELECT pg_column_size(m.*) AS bytes FROM rm_members m WHERE conversation_id = $1 AND user_id = $2`, [conversation.id, user.id])).rows[0].bytes);
    expect(await unreadOf(bot)).toMatchObject({ lastSeq: 30, lastReadSeq: 0, unreadCount: 10 }); // projected (the list waits for it): bob's 10
    expect(await unreadOf(bob)).toMatchObject({ unreadCount: 20 });
    const botRow = await rowBytes(bot);
    expect(botRow).toBe(await rowBytes(bob)); // 20 own messages after the bot's pointer are stored nowhere in its row

    await bot.api.deleteMessage(conversation.id, sent[0].id); // mine: nothing changes for me, one less for bob
    await bob.api.deleteMessage(conversation.id, sent[2].id); // bob's: one less for me
    await eventually(async () => expect([(await unreadOf(bot)).unreadCount, (await unreadOf(bob)).unreadCount]).toEqual([9, 19]));
    await bot.api.markRead(conversation.id, 15); // bob's after 15: seqs 18, 21, 24, 27, 30
    await eventually(async () => expect(await unreadOf(bot)).toMatchObject({ lastReadSeq: 15, unreadCount: 5 }));
    expect(await rowBytes(bot)).toBe(botRow);
  });

  it('leaves a batch of message.sent to the waiting transaction while another writer holds the tenant lock', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((n) => signUp(server.url, n)));
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    for (const body of ['one', 'two']) await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
    await lists([alice]); // projected
    const sent = (await allEvents()).filter((e) => e.name === EventName.MessageSent && e.aggregateId === conversation.id);
    await db.query(`DELETE FROM rm_inbox WHERE event_id = ANY($1::uuid[])`, [sent.map((e) => e.id)]);
    await db.query(`UPDATE rm_conversations SET last_seq = 0, last_message = NULL WHERE conversation_id = $1`, [conversation.id]);

    const rival = new Client({ connectionString: server.databaseUrl });
    await rival.connect();
    let applied = false;
    let applying: Promise<unknown> | undefined;
    try {
      await rival.query('BEGIN');
      await rival.query(`SELECT pg_advisory_xact_lock(hashtext('read-model:' || $1))`, [sent[0].tenantId]);
      expect(await server.app.get(MessagesSentProjection).apply(READ_MODEL_GROUP, sent)).toBe(false);
      applying = server.app.get(ReadModelConsumer).apply(sent).then(() => (applied = true));
      await sleep(300);
      expect(applied).toBe(false); // the transactional path waits for the lock
      await rival.query('COMMIT');
    } finally {
      // Also on failure: the open transaction's lock would hold the consumer (and the app's close) forever.
      await rival.end();
    }
    await applying;
    const { rows } = await db.query(`SELECT last_seq, last_message->>'body' AS body FROM rm_conversations WHERE conversation_id = $1`, [conversation.id]);
    expect(rows).toEqual([{ last_seq: '2', body: 'two' }]);
  });
});
