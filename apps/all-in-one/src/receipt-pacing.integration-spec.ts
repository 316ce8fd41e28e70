import { randomUUID } from 'node:crypto';
import { RealtimeClient } from '@chat/sdk';
import { record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * A node asks its clients for a longer interval between receipts as its sockets grow
 * (RECEIPTS_PER_SECOND_PER_NODE), in `server.status`, and the SDK's acknowledgements keep to it.
 * One receipt a second per node here: 2 sockets ask for 2 s, 3 or 4 for 4 s.
 */
describe('receipt pacing: the interval a node asks between receipts grows with its sockets', () => {
  let server: TestApp;
  let owner: TestUser;
  let conversationId: string;
  const open: RealtimeClient[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne, { RECEIPTS_PER_SECOND_PER_NODE: '1', RECEIPT_INTERVAL_MIN_MS: '1000', RECEIPT_INTERVAL_MAX_MS: '8000' });
    owner = await signUp(server.url, 'owner');
    conversationId = (await owner.api.createConversation({ type: 'channel', name: 'paced' })).conversation.id;
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  afterAll(() => server.close());

  /** A socket of a new member, recording `server.status` from before it connects (the frame at connect included). */
  async function member(deliveryAcks?: { intervalMs: number }) {
    const user = await signUp(server.url);
    await user.api.join(conversationId);
    const client = new RealtimeClient({ url: server.url, token: user.auth.accessToken, deliveryAcks, socket: { reconnection: false } });
    open.push(client);
    const status = record(client, 'server.status');
    await client.connected();
    return { client, status, intervals: () => status.frames.map((f) => f.receiptIntervalMs) };
  }

  it('tells every socket when the interval steps up or down, steps down only with room below, and tells a socket joining a paced node at connect', async () => {
    const a = await member();
    const b = await member();
    await a.status.waitFor(1);
    await b.status.waitFor(1);
    expect(a.status.frames[0]).toEqual({ level: 'normal', paused: [], receiptIntervalMs: 2_000 });
    const c = await member();
    await c.status.waitFor(1);
    await a.status.waitFor(2);
    const d = await member(); // 4 sockets still fit 4 s: no change, but it hears the 4 s at connect
    await d.status.waitFor(1);
    expect([a.intervals(), b.intervals(), c.intervals(), d.intervals()]).toEqual([[2_000, 4_000], [2_000, 4_000], [4_000], [4_000]]);

    c.client.close();
    d.client.close();
    await sleep(300);
    expect(a.intervals()).toEqual([2_000, 4_000]); // 2 sockets need 2 s, and 2 s would leave no room: kept
    b.client.close();
    await a.status.waitFor(3);
    expect(a.intervals()).toEqual([2_000, 4_000, 2_000]);
  });

  it('has the SDK acknowledge delivery at the interval the node asks, not its own shorter one', async () => {
    await member();
    await member();
    const acker = await member({ intervalMs: 50 });
    await acker.client.request('conversation.join', { conversationId });
    await acker.status.waitFor(1);
    expect(acker.intervals().at(-1)).toBe(4_000);
    const acks: number[] = [];
    acker.client.socket.onAnyOutgoing((event: string, payload: { seq: number }) => event === 'delivered' && acks.push(payload.seq));
    const received = record(acker.client, 'message.created');
    for (let i = 0; i < 15; i++) {
      await owner.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `m${i}` });
      await sleep(100);
    }
    await received.waitFor(15);
    // At its own 50 ms it would have acknowledged about once per message; paced at 4 s, at most one
    // within these 1.5 s (the first waits a random part of the 4 s).
    expect(acks.length).toBeLessThanOrEqual(1);
  });
});
