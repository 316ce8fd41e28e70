import { randomBytes, randomUUID } from 'node:crypto';
import type { Message } from '@chat/contracts';
import { ChatApi, type RealtimeClient } from '@chat/sdk';
import { connect, eventually, record, signUp, sleep, startSplitCluster, startTraceCollector, uniqueName, type SplitCluster, type TestUser } from '@chat/testing';

/**
 * Two gateways (A, B), a command and a query app as real processes on Kafka, Redis and Postgres.
 * Frames are emitted by whichever gateway consumes the event and reach the other node only through
 * the sharded Redis adapter, so every assertion about B's client is about the cross-node path.
 */
describe('split deployment: two gateways', () => {
  const adminName = uniqueName('root');
  let cluster: SplitCluster;
  let collector: Awaited<ReturnType<typeof startTraceCollector>>;
  const sockets: RealtimeClient[] = [];
  const open = async (url: string, user: TestUser) => {
    const socket = await connect(url, user.auth.accessToken);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    collector = await startTraceCollector();
    cluster = await startSplitCluster({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.endpoint, ADMIN_USERNAMES: adminName });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await cluster?.stop();
    await collector?.stop();
  });

  it('serves the whole public REST contract on both gateways, forwarding writes and reads', async () => {
    const [a, b] = cluster.gateways;
    const alice = await signUp(a, 'alice');
    const bob = await signUp(b, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'forwarded', memberIds: [bob.id] });
    const viaB = await fetch(`${b}/v1/conversations/${conversation.id}`, { headers: { authorization: `Bearer ${bob.auth.accessToken}` } });
    expect(viaB.status).toBe(200);
    const missing = await fetch(`${a}/v1/conversations/${randomUUID()}`, { headers: { authorization: `Bearer ${alice.auth.accessToken}`, 'x-request-id': 'req-404-check' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: expect.any(String), requestId: 'req-404-check' } });
    const ticket = await fetch(`${b}/v1/auth/ws-ticket`, { method: 'POST', headers: { authorization: `Bearer ${bob.auth.accessToken}` } });
    // The ticket points at the gateway the client called, not at the command app behind it.
    expect(new URL(((await ticket.json()) as { url: string }).url).host).toBe(new URL(b).host);

    // Seed 000's /chat paths are forwarded as the v1 routes they name: a GET that writes (a ticket) and a POST whose body names the session.
    const viaBob = new ChatApi({ baseUrl: b, accessToken: bob.auth.accessToken });
    expect(new URL((await viaBob.request<{ url: string }>('GET', '/chat/ws')).data.url).host).toBe(new URL(b).host);
    // A GET whose query becomes the POST's body: forwarded with that body, so the ticket is scoped.
    expect((await viaBob.request<{ conversationIds: string[] }>('GET', `/chat/ws?sessionId=${conversation.id}`)).data.conversationIds).toEqual([conversation.id]);
    const sent = await viaBob.request<{ message: { body: string } }>('POST', '/chat/message', { sessionId: conversation.id, clientMessageId: randomUUID(), body: 'via /chat' });
    expect(sent).toMatchObject({ status: 201, data: { message: { body: 'via /chat' } } });
    expect((await viaBob.request('GET', `/chat/session/${conversation.id}`)).data).toEqual(await viaBob.getConversation(conversation.id));
  });

  it('a client on A and a client on B in one conversation receive each other’s messages once, in seq order, with the trace id', async () => {
    const [a, b] = cluster.gateways;
    const alice = await signUp(a, 'alice');
    const bob = await signUp(b, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const aliceSocket = await open(a, alice);
    const bobSocket = await open(b, bob);
    const aliceFrames = record(aliceSocket, 'message.created');
    const bobFrames = record(bobSocket, 'message.created');
    await aliceSocket.request('conversation.join', { conversationId: conversation.id });
    await bobSocket.request('conversation.join', { conversationId: conversation.id });

    const sent: Message[] = [];
    const traceIds = new Map<number, string>();
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 2) {
        // REST through B with a caller's trace: the frame must carry that trace id.
        const traceId = randomBytes(16).toString('hex');
        const res = await fetch(`${b}/v1/conversations/${conversation.id}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.auth.accessToken}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
          body: JSON.stringify({ clientMessageId: randomUUID(), body: `rest ${i}` }),
        });
        expect(res.status).toBe(201);
        const { message } = (await res.json()) as { message: Message };
        traceIds.set(message.seq, traceId);
        sent.push(message);
      } else {
        const from = i % 2 ? bobSocket : aliceSocket;
        const { message } = await from.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: `socket ${i}` });
        sent.push(message);
      }
    }
    await aliceFrames.waitFor(30, 30_000);
    await bobFrames.waitFor(30, 30_000);
    await sleep(1_500); // a duplicate would arrive within this window
    const expected = sent.map((m) => m.seq);
    expect(expected).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const frames of [aliceFrames.frames, bobFrames.frames]) {
      expect(frames.map((f) => f.message.seq)).toEqual(expected);
      for (const f of frames) if (traceIds.has(f.message.seq)) expect(f.traceId).toBe(traceIds.get(f.message.seq));
      expect(frames.every((f) => typeof f.traceId === 'string' && /^[0-9a-f]{32}$/.test(f.traceId))).toBe(true);
    }
  });

  it('one trace runs from the REST request through the gateway, command, outbox, Kafka and the consumer to the frame', async () => {
    const [a, b] = cluster.gateways;
    const alice = await signUp(a, 'alice');
    const bob = await signUp(b, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const bobSocket = await open(b, bob);
    const frames = record(bobSocket, 'message.created');
    await bobSocket.request('conversation.join', { conversationId: conversation.id });
    const traceId = randomBytes(16).toString('hex');
    await fetch(`${a}/v1/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.auth.accessToken}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: JSON.stringify({ clientMessageId: randomUUID(), body: 'traced' }),
    });
    await frames.waitFor(1, 30_000);
    expect(frames.frames[0].traceId).toBe(traceId);

    const chain = [
      ['gateway', 'forward POST'],
      ['command', 'HTTP POST'],
      ['command', 'publish chat.message.sent.v1'],
      ['gateway', 'consume chat.message.sent.v1'],
    ];
    const spanOf = ([service, name]: string[]) => collector.spans.find((s) => s.traceId === traceId && s.service === service && s.name === name);
    await eventually(() => expect(chain.filter((link) => !spanOf(link))).toEqual([]), { timeoutMs: 20_000 });
    // Each hop is the child of the one before: the trace is one tree, not four fragments.
    for (let i = 1; i < chain.length; i++) expect(spanOf(chain[i])!.parentSpanId).toBe(spanOf(chain[i - 1])!.spanId);
  });

  it('failover: gateway A is SIGKILLed mid-stream; its client reconnects to B and sync returns exactly what it missed', async () => {
    const [a, b] = cluster.gateways;
    const alice = await signUp(a, 'alice');
    const bob = await signUp(b, 'bob');
    const { conversation } = await bob.api.createConversation({ type: 'direct', memberIds: [alice.id] });
    const onA = await open(a, alice);
    const bobSocket = await open(b, bob);
    const seenOnA = record(onA, 'message.created');
    const bobFrames = record(bobSocket, 'message.created');
    await onA.request('conversation.join', { conversationId: conversation.id });
    await bobSocket.request('conversation.join', { conversationId: conversation.id });

    const total = 40;
    const sent: Message[] = [];
    for (let i = 0; i < total; i++) {
      if (i === 15) {
        await seenOnA.waitFor(10, 20_000);
        await cluster.kill('gateway-a');
      }
      const { message } = await bobSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: `stream ${i}` });
      sent.push(message);
      await sleep(50);
    }
    const lastSeen = Math.max(0, ...seenOnA.frames.map((f) => f.message.seq));
    expect(seenOnA.frames.map((f) => f.message.seq)).toEqual(Array.from({ length: lastSeen }, (_, i) => i + 1));

    const onB = await open(b, alice);
    const liveOnB = record(onB, 'message.created');
    await onB.request('conversation.join', { conversationId: conversation.id });
    const { messages, hasMore } = await onB.request('sync', { conversationId: conversation.id, afterSeq: lastSeen, limit: 500 });
    expect(hasMore).toBe(false);
    expect(messages.map((m) => m.seq)).toEqual(sent.filter((m) => m.seq > lastSeen).map((m) => m.seq));
    expect(lastSeen).toBeLessThan(total);

    // Live delivery goes on for the moved client. Frames A's consumer had not emitted yet arrive once
    // the group hands A's partitions to B (after KAFKA_SESSION_TIMEOUT_MS); they overlap what sync
    // returned, which is the reconnect case where the contract has clients dedupe by seq.
    const { message: after } = await bobSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'after failover' });
    await eventually(() => expect(liveOnB.frames.map((f) => f.message.seq)).toContain(after.seq), { timeoutMs: 30_000 });
    const live = liveOnB.frames.map((f) => f.message.seq);
    expect(live).toEqual([...new Set(live)].sort((x, y) => x - y));
    expect(live.filter((seq) => seq > total)).toEqual([after.seq]);
    await bobFrames.waitFor(total + 1, 30_000);
    await sleep(1_000);
    expect(bobFrames.frames.map((f) => f.message.seq)).toEqual(Array.from({ length: total + 1 }, (_, i) => i + 1));
    await cluster.restart('gateway-a');
  });

  it('takes a socket scoped to a conversation out of its room on the other gateway when its holder is removed', async () => {
    const [a, b] = cluster.gateways;
    const [alice, bob] = [await signUp(a, 'alice'), await signUp(b, 'bob')];
    const group = async () => (await alice.api.createConversation({ type: 'group', memberIds: [bob.id] })).conversation.id;
    const [removedFrom, kept] = [await group(), await group()];
    const scoped = await connect(b, (await bob.api.wsTicket({ conversationIds: [removedFrom, kept] })).ticket);
    sockets.push(scoped);
    for (const conversationId of [removedFrom, kept]) await scoped.request('conversation.join', { conversationId });
    const [left, created] = [record(scoped, 'member.left'), record(scoped, 'message.created')];
    await alice.api.kick(removedFrom, bob.id);
    await left.waitFor(1, 20_000);
    await alice.api.sendMessage(removedFrom, { clientMessageId: randomUUID(), body: 'after the kick' });
    const marker = await alice.api.sendMessage(kept, { clientMessageId: randomUUID(), body: 'still in' });
    await created.waitFor(1, 20_000);
    expect(created.frames.map((f) => f.message.id)).toEqual([marker.message.id]);
  });

  it('disconnects a banned account on the other gateway, scoped sockets too: the ban travels as an event on the user topic', async () => {
    const [a, b] = cluster.gateways;
    const admin = new ChatApi({ baseUrl: a });
    await admin.register(adminName, 'Root', 'password-123');
    const troll = await signUp(b, 'troll');
    const socket = await open(b, troll);
    const { conversation } = await troll.api.createConversation({ type: 'group', memberIds: [(await signUp(a, 'bystander')).id] });
    const scoped = await connect(a, (await troll.api.wsTicket({ conversationIds: [conversation.id] })).ticket);
    sockets.push(scoped);
    const told = record(socket, 'account.banned');
    const closed = [socket, scoped].map((s) => new Promise<string>((resolve) => s.socket.on('disconnect', resolve)));
    await admin.request('POST', `/v1/admin/users/${troll.id}/ban`, { reason: 'cross-node' });
    await told.waitFor(1, 20_000);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    await expect(new ChatApi({ baseUrl: b }).login(troll.auth.user.username, 'password-123')).rejects.toMatchObject({ status: 403, body: { code: 'ACCOUNT_BANNED' } });
  });
});
