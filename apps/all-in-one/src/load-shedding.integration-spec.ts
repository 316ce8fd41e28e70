import { randomUUID } from 'node:crypto';
import type { ApiErrorBody } from '@chat/contracts';
import { LoadMonitor } from '@chat/platform';
import { ChatApiError, RealtimeClient, type ChatApi } from '@chat/sdk';
import { connect, eventually, record, signUp, startTestApp, whileLocked, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Samples often, and leaves a level only after 3 s, so each test can look at the level it caused (even on a loaded CI box). */
const FAST_SAMPLING = { LOAD_SAMPLE_MS: '50', LOAD_WINDOW_MS: '200', LOAD_RECOVERY_MS: '3000' };
/** Every signal off unless a test turns its own on. */
const SIGNALS_OFF = { LOAD_SHED_LOOP_PERCENT: '0', LOAD_SHED_EVENT_LAG_MS: '0', LOAD_SHED_PROBE_MS: '0', LOAD_BACKPRESSURE_LOOP_PERCENT: '0', LOAD_BACKPRESSURE_SEND_QUEUE: '0', SEND_QUEUE_WAIT_MAX_MS: '0' };

/** The failure of a call expected to fail. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; body: ApiErrorBody }> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ChatApiError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return { status: err.status, body: err.body };
}

/** Keeps this process's event loop busy for `ms`, yielding briefly so timers (the monitor's samples) still run. */
async function busyLoop(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const slice = Math.min(end, performance.now() + 40);
    while (performance.now() < slice);
    await new Promise((r) => setImmediate(r));
  }
}

/** Keeps the loop busy until the monitor has seen it (a loaded machine may take a few windows). */
async function busyUntilShedding(r: Room): Promise<void> {
  await eventually(
    async () => {
      await busyLoop(300);
      expect(r.load.current.level).toBe('shedding');
    },
    { timeoutMs: 15_000, intervalMs: 0 },
  );
}

interface Room {
  server: TestApp;
  load: LoadMonitor;
  owner: ChatApi;
  conversationId: string;
  messageId: string;
  socket: RealtimeClient;
  status: ReturnType<typeof record<'server.status'>>;
}

async function room(env: Record<string, string>): Promise<Room> {
  const server = await startTestApp(allInOne, { ...FAST_SAMPLING, ...SIGNALS_OFF, ...env });
  const { api: owner } = await signUp(server.url, 'loaded');
  const { conversation } = await owner.createConversation({ type: 'channel', name: `load-${randomUUID().slice(0, 8)}` });
  const { message } = await owner.sendMessage(conversation.id, { body: 'before the load', clientMessageId: randomUUID() });
  const socket = await connect(server.url, owner.accessToken!);
  await socket.request('conversation.join', { conversationId: conversation.id });
  return { server, load: server.app.get(LoadMonitor), owner, conversationId: conversation.id, messageId: message.id, socket, status: record(socket, 'server.status') };
}

async function close(r: Room | undefined): Promise<void> {
  r?.socket.close();
  await r?.server.close();
}

const typing = (r: Room) => r.socket.request('typing', { conversationId: r.conversationId, isTyping: true });

/**
 * Starts `count` sends while the conversation's row is locked, which holds the send statement (it
 * advances last_seq): with one statement in flight, the first to reach it waits there and the rest
 * queue behind it. Runs `whileHeld`, then lets the row go and answers the held sends.
 */
function holdingSends(r: Room, count: number, whileHeld: () => Promise<void>) {
  return whileLocked(r.server.databaseUrl, 'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [r.conversationId], async () => {
    const held = Array.from({ length: count }, (_, i) => r.owner.sendMessage(r.conversationId, { body: `held ${i}`, clientMessageId: `held-${i}` }));
    await whileHeld();
    return held;
  });
}

describe('load shedding (seed 003 R14.4, R19.4)', () => {
  describe('a busy event loop sheds typing, reactions and receipts, never messages', () => {
    let r: Room;
    // This process's loop is also jest's and the clients', and booting the app keeps it busy: start calm.
    beforeAll(async () => {
      r = await room({ LOAD_SHED_LOOP_PERCENT: '90' });
      await eventually(() => expect(r.load.current.level).toBe('normal'), { timeoutMs: 30_000 });
    });
    afterAll(() => close(r));
    const lastStatus = () => r.status.frames[r.status.frames.length - 1];

    it('pauses typing, reactions and receipts with 503 and Retry-After, tells the sockets, and still takes messages', async () => {
      await busyUntilShedding(r);

      const typingRefused = await refusal(typing(r));
      expect(typingRefused.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/Typing indicators are paused/), retryAfterSeconds: 3 });
      const res = await fetch(`${r.server.url}/v1/conversations/${r.conversationId}/messages/${r.messageId}/reactions/${encodeURIComponent('👍')}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${r.owner.accessToken}` },
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('3');
      expect((await res.json()).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/Reactions are paused/), requestId: expect.any(String) });
      expect((await r.owner.history(r.conversationId)).messages[0].reactions).toEqual({}); // nothing half-written

      // Receipts too, over the socket and REST, and no pointer moves.
      const deliveredRefused = await refusal(r.socket.request('delivered', { conversationId: r.conversationId, seq: 1 }));
      expect(deliveredRefused.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/receipts are paused/), retryAfterSeconds: 3 });
      const read = await fetch(`${r.server.url}/v1/conversations/${r.conversationId}/read`, {
        method: 'POST',
        headers: { authorization: `Bearer ${r.owner.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ seq: 1 }),
      });
      expect(read.status).toBe(503);
      expect(read.headers.get('retry-after')).toBe('3');

      const { message } = await r.owner.sendMessage(r.conversationId, { body: 'core messaging goes on', clientMessageId: randomUUID() });
      expect(message.seq).toBe(2);
      // The receipt interval too: the least, with two sockets (receipt-pacing has the rest).
      await eventually(() => expect(lastStatus()).toEqual({ level: 'shedding', paused: ['typing', 'reactions', 'receipts'], receiptIntervalMs: 1_000 }));
      const ready = await (await fetch(`${r.server.url}/health/ready`)).json();
      expect(ready).toMatchObject({ status: 'ready', load: { level: 'shedding', paused: ['typing', 'reactions', 'receipts'], reasons: [expect.stringMatching(/^event loop \d+ % busy$/)] } });
    });

    it('comes back once the loop has been calm for LOAD_RECOVERY_MS, and says so', async () => {
      await eventually(() => expect(r.load.current.level).toBe('normal'), { timeoutMs: 30_000 });
      await eventually(() => expect(lastStatus()).toEqual({ level: 'normal', paused: [], receiptIntervalMs: 1_000 }));
      // Served again (retried only if a loaded machine happens to busy this loop once more meanwhile).
      await eventually(() => typing(r), { timeoutMs: 30_000 });
      expect((await eventually(() => r.owner.react(r.conversationId, r.messageId, '👍'), { timeoutMs: 30_000 })).reactions).toEqual({ '👍': 1 });
    });

    it('has a client that acknowledges deliveries hold them while receipts are paused, and send the last one once they are back', async () => {
      await eventually(() => expect(r.load.current.level).toBe('normal'), { timeoutMs: 30_000 });
      const acker = new RealtimeClient({ url: r.server.url, token: r.owner.accessToken!, deliveryAcks: { intervalMs: 100 }, socket: { reconnection: false } });
      try {
        const statuses = record(acker, 'server.status');
        await acker.connected();
        await acker.request('conversation.join', { conversationId: r.conversationId });
        // Each ack the client sends, with the load level it last heard of.
        const sent: { seq: number; heard: string }[] = [];
        acker.socket.onAnyOutgoing((event, payload: { seq: number }) => {
          if (event === 'delivered') sent.push({ seq: payload.seq, heard: statuses.frames.at(-1)?.level ?? 'normal' });
        });
        await busyUntilShedding(r);
        await eventually(() => expect(statuses.frames.at(-1)?.level).toBe('shedding'));
        const { message } = await r.owner.sendMessage(r.conversationId, { body: 'arrives while receipts are paused', clientMessageId: randomUUID() });
        await eventually(() => expect(statuses.frames.at(-1)?.level).toBe('normal'), { timeoutMs: 30_000 });
        await eventually(() => expect(sent.at(-1)).toEqual({ seq: message.seq, heard: 'normal' }));
        expect(sent.filter((s) => s.heard !== 'normal')).toEqual([]);
      } finally {
        acker.close();
      }
    });

    it('tells a socket that connects while shedding, right after the protocol frame (the first a client gets)', async () => {
      await busyUntilShedding(r);
      // Listening before the connect completes: the frame comes right behind it.
      const late = new RealtimeClient({ url: r.server.url, token: r.owner.accessToken!, socket: { reconnection: false } });
      try {
        const frames = record(late, 'server.status');
        const order: string[] = [];
        late.socket.onAny((event: string) => order.push(event));
        await late.connected();
        await frames.waitFor(1);
        expect(frames.frames[0]).toEqual({ level: 'shedding', paused: ['typing', 'reactions', 'receipts'], receiptIntervalMs: 1_000 });
        expect(order.slice(0, 2)).toEqual(['server.protocol', 'server.status']);
      } finally {
        late.close();
      }
    });
  });

  describe('a long send queue refuses new messages before anything is written (LOAD_BACKPRESSURE_SEND_QUEUE)', () => {
    let r: Room;
    beforeAll(async () => (r = await room({ LOAD_BACKPRESSURE_SEND_QUEUE: '3', SEND_STATEMENTS_IN_FLIGHT: '1' })));
    afterAll(() => close(r));

    it('refuses sends while 3 wait, keeps every accepted one, and takes the refused one when it is sent again', async () => {
      const retried = { body: 'refused, then sent again', clientMessageId: randomUUID() };
      // One statement in flight and three queued, so the queue reaches the threshold only once all four are in.
      const accepted = await holdingSends(r, 4, async () => {
        await eventually(() => expect(r.load.current.level).toBe('backpressure'), { timeoutMs: 5_000, intervalMs: 10 });
        const refused = await refusal(r.owner.sendMessage(r.conversationId, retried));
        expect(refused).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/not taking new messages/), retryAfterSeconds: 3 } });
        const socketRefused = await refusal(r.socket.request('message.send', { conversationId: r.conversationId, ...retried }));
        expect(socketRefused.body.code).toBe('SERVICE_UNAVAILABLE');
        expect((await (await fetch(`${r.server.url}/health/ready`)).json()).load).toMatchObject({ level: 'backpressure', reasons: [expect.stringMatching(/^\d+ sends queued$/)] });
      });
      const seqs = (await Promise.all(accepted)).map((a) => a.message.seq).sort((a, b) => a - b);
      expect(seqs).toEqual([2, 3, 4, 5]);
      await eventually(() => expect(r.load.current.level).toBe('normal'), { timeoutMs: 10_000 });
      expect((await r.owner.sendMessage(r.conversationId, retried)).message.seq).toBe(6);
      const bodies = (await r.owner.history(r.conversationId, { limit: 50 })).messages.map((m) => m.body);
      expect(bodies.filter((b) => b === retried.body)).toHaveLength(1); // the refusal wrote nothing
      expect(bodies).toHaveLength(6);
    });
  });

  describe('a send queue whose oldest send has waited too long refuses new sends at once (SEND_QUEUE_WAIT_MAX_MS)', () => {
    let r: Room;
    beforeAll(async () => (r = await room({ SEND_QUEUE_WAIT_MAX_MS: '300', SEND_STATEMENTS_IN_FLIGHT: '1' })));
    afterAll(() => close(r));

    it('refuses with 503 and Retry-After 1 once a queued send has waited 300 ms, writes nothing of the refused, and keeps every accepted one', async () => {
      const refusedOnce = { body: 'refused for the wait, then sent again', clientMessageId: randomUUID() };
      // One send in the statement, one queued behind it.
      const accepted = await holdingSends(r, 2, async () => {
        // Whichever reached the batcher second has been queued for at least 300 ms by then, even on a slow box.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const refused = await refusal(r.owner.sendMessage(r.conversationId, refusedOnce));
        expect(refused).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/not taking new messages/), retryAfterSeconds: 1 } });
        const socketRefused = await refusal(r.socket.request('message.send', { conversationId: r.conversationId, ...refusedOnce }));
        expect(socketRefused.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
        // A refusal of the queue alone: the node's level is untouched, so typing and receipts go on.
        expect(r.load.current.level).toBe('normal');
      });
      expect((await Promise.all(accepted)).map((a) => a.message.seq).sort((a, b) => a - b)).toEqual([2, 3]);
      expect((await r.owner.sendMessage(r.conversationId, refusedOnce)).message.seq).toBe(4);
      const bodies = (await r.owner.history(r.conversationId, { limit: 50 })).messages.map((m) => m.body);
      expect(bodies.filter((b) => b === refusedOnce.body)).toHaveLength(1);
      expect(bodies).toHaveLength(4);
      const metrics = await (await fetch(`${r.server.url}/metrics`)).text();
      expect(metrics).toMatch(/chat_load_refusals_total\{[^}]*feature="messages"[^}]*\} 2/);
    });
  });

  describe('a saturated event loop refuses messages only once shedding has had a window to help (LOAD_BACKPRESSURE_LOOP_PERCENT)', () => {
    let r: Room;
    const WINDOW_MS = 500;
    beforeAll(async () => {
      // No shedding threshold of its own: the saturated loop alone must ask for shedding first.
      r = await room({ LOAD_BACKPRESSURE_LOOP_PERCENT: '90', LOAD_WINDOW_MS: String(WINDOW_MS) });
      await eventually(() => expect(r.load.current.level).toBe('normal'), { timeoutMs: 30_000 });
    });
    afterAll(() => close(r));

    it('sheds first, and refuses messages only after a whole window of shedding did not calm the loop', async () => {
      const changes: { level: string; since: number }[] = [];
      const stop = r.load.onChange(({ level, since }) => changes.push({ level, since }));
      try {
        await eventually(
          async () => {
            await busyLoop(300);
            expect(r.load.current.level).toBe('backpressure');
          },
          { timeoutMs: 15_000, intervalMs: 0 },
        );
      } finally {
        stop();
      }
      const [first, second] = changes;
      expect(first.level).toBe('shedding');
      expect(second.level).toBe('backpressure');
      expect(second.since - first.since).toBeGreaterThanOrEqual(WINDOW_MS);
    });
  });

  describe('events held up on their way to the consumers shed typing (LOAD_SHED_EVENT_LAG_MS)', () => {
    let r: Room;
    beforeAll(async () => (r = await room({ LOAD_SHED_EVENT_LAG_MS: '300' })));
    afterAll(() => close(r));

    it('sheds while a consumer cannot write, and recovers once it catches up', async () => {
      // The audit consumer records every sent message; a lock on its table holds the bus's publish.
      await whileLocked(r.server.databaseUrl, 'LOCK TABLE audit_log IN EXCLUSIVE MODE', [], async () => {
        await r.owner.sendMessage(r.conversationId, { body: 'its event waits', clientMessageId: randomUUID() });
        await eventually(() => expect(r.load.current.level).toBe('shedding'), { timeoutMs: 5_000, intervalMs: 20 });
        expect(r.load.current.reasons).toEqual([expect.stringMatching(/^events \d+\.\d s behind$/)]);
        expect((await refusal(typing(r))).body.code).toBe('SERVICE_UNAVAILABLE');
      });
      await eventually(() => expect(r.load.current.level).toBe('normal'), { timeoutMs: 10_000 });
      await typing(r);
    });
  });
});
