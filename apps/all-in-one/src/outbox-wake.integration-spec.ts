import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connect, eventually, record, signUp, sleep, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Far beyond every wait below: an event found only by the relay's poll fails the test. */
const POLL_INTERVAL_MS = 120_000;
/** How long an event may take from its commit to a socket or the search index here. */
const PROMPTLY_MS = 5_000;

/**
 * On a single node the database does not NOTIFY the relay of the app's own outbox rows (Postgres
 * serialises notifying commits); the writers wake it in process after each commit instead. Rows
 * written outside the app still NOTIFY, as before.
 */
describe('outbox relay wake-up on a single node', () => {
  let server: TestApp;
  let listener: Client;
  const notifications: string[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne, { OUTBOX_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS) });
    listener = new Client({ connectionString: server.databaseUrl });
    await listener.connect();
    listener.on('notification', (n) => notifications.push(n.channel));
    await listener.query('LISTEN outbox_inserted');
  });
  afterAll(async () => {
    await listener?.end();
    await server?.close();
  });

  it('relays the events of transactions and of sends promptly, with no NOTIFY', async () => {
    const alice = await signUp(server.url, 'alice');
    const bob = await signUp(server.url, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: 'wake', visibility: 'public' });
    const aliceSocket = await connect(server.url, alice.auth.accessToken);
    const bobSocket = await connect(server.url, bob.auth.accessToken);
    await aliceSocket.request('conversation.join', { conversationId: conversation.id });
    const joined = record(aliceSocket, 'member.joined');
    const updated = record(aliceSocket, 'message.updated');
    const reactions = record(aliceSocket, 'reaction.updated');

    await bob.api.join(conversation.id); // a transaction's event
    await joined.waitFor(1, PROMPTLY_MS);
    await bobSocket.request('conversation.join', { conversationId: conversation.id });
    const { message } = await bobSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'woken by its commit' });
    // The frame leaves at the commit; the index is fed through the relay.
    await eventually(async () => expect((await alice.api.search({ q: 'woken' })).hits.map((h) => h.message.id)).toEqual([message.id]), { timeoutMs: PROMPTLY_MS });
    await bob.api.editMessage(conversation.id, message.id, 'edited after its commit');
    await updated.waitFor(1, PROMPTLY_MS);
    await alice.api.react(conversation.id, message.id, '👍');
    await reactions.waitFor(1, PROMPTLY_MS);

    await sleep(100); // a NOTIFY would have arrived by now
    expect(notifications).toEqual([]);
    aliceSocket.close();
    bobSocket.close();
  });

  it('still hears, through NOTIFY, a row another session writes', async () => {
    const bob = await signUp(server.url, 'bob');
    const { conversation } = await bob.api.createConversation({ type: 'channel', name: 'outside', visibility: 'public' });
    await bob.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'to read' });
    const bobSocket = await connect(server.url, bob.auth.accessToken);
    const reads = record(bobSocket, 'read');
    notifications.length = 0;

    // An operator's replay: a read marker the projections already hold, so it changes nothing.
    const payload = { conversationId: conversation.id, userId: bob.id, seq: 1 };
    await listener.query(
      `INSERT INTO outbox (tenant_id, event_id, event_name, aggregate_type, aggregate_id, payload)
       SELECT tenant_id, $1, 'chat.read.advanced.v1', 'conversation', id, $2 FROM conversations WHERE id = $3`,
      [randomUUID(), JSON.stringify(payload), conversation.id],
    );
    await reads.waitFor(1, PROMPTLY_MS);
    expect(reads.frames).toEqual([expect.objectContaining(payload)]);
    expect(notifications).toEqual(['outbox_inserted']);
    bobSocket.close();
  });
});
