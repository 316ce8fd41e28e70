import { randomUUID } from 'node:crypto';
import { EventName, type Message } from '@chat/contracts';
import { OutboxRelay } from '@chat/persistence';
import { EVENT_BUS, type EventBus } from '@chat/platform';
import { connect, eventually, record, signUp, sleep, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

describe('realtime delivery (all-in-one on embedded Postgres)', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
  });
  afterAll(() => server.close());

  it('two users chatting each receive every message once, in seq order', async () => {
    const alice = await signUp(server.url, 'alice');
    const bob = await signUp(server.url, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const aliceSocket = await connect(server.url, alice.auth.accessToken);
    const bobSocket = await connect(server.url, bob.auth.accessToken);
    const aliceFrames = record(aliceSocket, 'message.created');
    const bobFrames = record(bobSocket, 'message.created');
    await aliceSocket.request('conversation.join', { conversationId: conversation.id });
    await bobSocket.request('conversation.join', { conversationId: conversation.id });

    const sent: Message[] = [];
    for (let i = 0; i < 20; i++) {
      const from = i % 2 ? bobSocket : aliceSocket;
      const { message } = await from.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: `hello ${i} 👋🏽 مرحبا é` });
      sent.push(message);
    }
    await aliceFrames.waitFor(20);
    await bobFrames.waitFor(20);
    for (const frames of [aliceFrames.frames, bobFrames.frames]) {
      expect(frames.map((f) => f.message.seq)).toEqual(sent.map((m) => m.seq));
      expect(frames.map((f) => f.message.body)).toEqual(sent.map((m) => m.body));
    }
    expect(sent.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    aliceSocket.close();
    bobSocket.close();
  });
});

describe('message frames at commit (a single node fans out every event itself)', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
  });
  afterAll(() => server.close());

  it('emits a socket send’s frame at commit, but never ahead of a member’s removal that is not published yet', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => signUp(server.url, name)));
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'frames', memberIds: [bob.id, carol.id] });
    const sockets = await Promise.all([alice, bob, carol].map((u) => connect(server.url, u.auth.accessToken)));
    const [aliceSocket, bobSocket, carolSocket] = sockets;
    const bobFrames = record(bobSocket, 'message.created');
    const carolFrames = record(carolSocket, 'message.created');
    for (const socket of sockets) await socket.request('conversation.join', { conversationId: conversation.id });
    const send = (body: string) => aliceSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body });
    await send('through the relay');
    await carolFrames.waitFor(1);

    // With the relay stopped, only the send path can deliver.
    const relay = server.app.get(OutboxRelay);
    await relay.onModuleDestroy();
    await send('at commit');
    await carolFrames.waitFor(2);
    await bobFrames.waitFor(2);

    // Bob's removal is committed but not published: the next message must wait for the relay,
    // which takes bob out of the room first.
    await alice.api.kick(conversation.id, bob.id);
    await send('after the removal');
    await sleep(300);
    expect(carolFrames.frames).toHaveLength(2);
    await relay.onApplicationBootstrap();
    await carolFrames.waitFor(3);
    await sleep(200);
    expect(bobFrames.frames.map((f) => f.message.body)).toEqual(['through the relay', 'at commit']);
    expect(carolFrames.frames.map((f) => f.message.seq)).toEqual([1, 2, 3]);
    sockets.forEach((s) => s.close());
  });
});

describe('relay batch linger (a single node: frames leave at commit, the relay may wait)', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { OUTBOX_BATCH_LINGER_MS: '400' });
  });
  afterAll(() => server.close());

  it('publishes what commits during the linger as one batch, while frames still leave at each commit', async () => {
    const alice = await signUp(server.url, 'alice');
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: 'linger', visibility: 'public' });
    const socket = await connect(server.url, alice.auth.accessToken);
    const frames = record(socket, 'message.created');
    await socket.request('conversation.join', { conversationId: conversation.id });
    const send = (body: string) => socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body });
    await send('first');
    await frames.waitFor(1);
    await sleep(600); // the relay goes quiet: the next event goes out at once, the ones after it linger

    const bus = server.app.get<EventBus>(EVENT_BUS);
    const batches: string[][] = [];
    const publish = bus.publish.bind(bus);
    jest.spyOn(bus, 'publish').mockImplementation((events) => {
      batches.push(events.filter((e) => e.name === EventName.MessageSent).map((e) => (e.payload as { message: Message }).message.body));
      return publish(events);
    });
    await send('opens a pass');
    await eventually(() => expect(batches.flat()).toContain('opens a pass'));
    const startedAt = Date.now();
    for (const body of ['a', 'b', 'c']) await send(body);
    await frames.waitFor(5);
    expect(Date.now() - startedAt).toBeLessThan(300); // frames did not wait for the relay
    await eventually(() => expect(batches.flat()).toEqual(['opens a pass', 'a', 'b', 'c']));
    expect(batches.filter((b) => b.length > 0)).toEqual([['opens a pass'], ['a', 'b', 'c']]);
    socket.close();
  });
});
