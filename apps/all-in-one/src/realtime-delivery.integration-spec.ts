import { randomUUID } from 'node:crypto';
import type { Message } from '@chat/contracts';
import { OutboxRelay } from '@chat/persistence';
import { connect, record, signUp, sleep, startTestApp, type TestApp } from '@chat/testing';
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
