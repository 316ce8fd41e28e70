import { randomUUID } from 'node:crypto';
import { RealtimeClient } from '@chat/sdk';
import { eventually, record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * A node asks its clients for a longer interval between receipts as the receipts its sockets send
 * grow (RECEIPTS_PER_SECOND_PER_NODE), in `server.status`, and the SDK's acknowledgements keep to
 * it. Eight receipts a second per node here, between 1 and 2 s.
 */
describe('receipt pacing: the interval a node asks between receipts grows with the receipts it takes', () => {
  let server: TestApp;
  let owner: TestUser;
  let conversationId: string;
  const open: RealtimeClient[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne, { RECEIPTS_PER_SECOND_PER_NODE: '8', RECEIPT_INTERVAL_MIN_MS: '1000', RECEIPT_INTERVAL_MAX_MS: '2000' });
    owner = await signUp(server.url, 'owner');
    conversationId = (await owner.api.createConversation({ type: 'channel', name: 'paced' })).conversation.id;
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  afterAll(() => server.close());

  /** The interval the node reports in /metrics (`chat_receipt_interval_ms`). */
  const reportedInterval = async () => {
    const line = (await (await fetch(`${server.url}/metrics`)).text()).split('\n').find((l) => l.startsWith('chat_receipt_interval_ms '));
    return Number(line?.split(' ')[1]);
  };

  /** A socket of a new member in the conversation, recording `server.status` from before it connects (the frame at connect included). */
  async function member(deliveryAcks?: { intervalMs: number }) {
    const user = await signUp(server.url);
    await user.api.join(conversationId);
    const client = new RealtimeClient({ url: server.url, token: user.auth.accessToken, deliveryAcks, socket: { reconnection: false } });
    open.push(client);
    const status = record(client, 'server.status');
    await client.connected();
    await client.request('conversation.join', { conversationId });
    return { client, status, intervals: () => status.frames.map((f) => f.receiptIntervalMs) };
  }

  it('keeps the least interval, and tells nobody, while its sockets send no receipts, however many they are', async () => {
    const idle = await Promise.all(Array.from({ length: 12 }, () => member())); // 12 sockets: counting sockets asked 2 s
    for (let i = 0; i < 10; i++) {
      await owner.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `quiet ${i}` });
      await sleep(250);
    }
    expect(idle.flatMap((m) => m.intervals())).toEqual([]);
    expect(await reportedInterval()).toBe(1_000);
  });

  it('asks for more as receipts come in, has every socket told and the SDK keep to it, and steps back down when they stop', async () => {
    const observer = await member();
    const ackers = await Promise.all(Array.from({ length: 4 }, () => member({ intervalMs: 50 })));
    let sending = true;
    const sends = (async () => {
      for (let i = 0; sending; i++) {
        await owner.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `m${i}` });
        await sleep(100);
      }
    })();
    try {
      // Each acker acknowledges each message (its own 50 ms): about 40 receipts a second, 40 sockets' worth at 1 s.
      await observer.status.waitFor(1);
      expect(observer.intervals()).toEqual([2_000]);
      expect(await reportedInterval()).toBe(2_000);
      await Promise.all(ackers.map((a) => a.status.waitFor(1)));
      expect(ackers.map((a) => a.intervals())).toEqual(ackers.map(() => [2_000]));
      const acks: number[] = [];
      ackers[0].client.socket.onAnyOutgoing((event: string, payload: { seq: number }) => event === 'delivered' && acks.push(payload.seq));
      await sleep(1_500);
      // At its own 50 ms it would have acknowledged about 15 messages; paced at 2 s, at most one in 1.5 s.
      expect(acks.length).toBeLessThanOrEqual(1);
    } finally {
      sending = false;
      await sends;
    }
    await eventually(() => expect(observer.intervals()).toEqual([2_000, 1_000]), { timeoutMs: 15_000, intervalMs: 100 });
    expect(await reportedInterval()).toBe(1_000);
  });
});
