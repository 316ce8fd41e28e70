import { randomUUID } from 'node:crypto';
import type { Message } from '@chat/contracts';
import { connect, record, signUp, startTestApp, type TestApp } from '@chat/testing';
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
