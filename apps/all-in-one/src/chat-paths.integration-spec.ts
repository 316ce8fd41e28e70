import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * Seed 000's `/chat` endpoints: each answers as the v1 route it names (same guards, validation,
 * idempotency and errors), session being a conversation.
 */
describe('the /chat endpoints of seed 000', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
  });
  afterAll(() => server?.close());

  it('creates a session idempotently, shows it with its participants, capabilities and policies, takes messages and pages its history', async () => {
    const asked = { type: 'group', name: `session-${randomUUID().slice(0, 8)}`, memberIds: [bob.id], clientRequestId: randomUUID() };
    const created = await alice.api.request<{ conversation: { id: string } }>('POST', '/chat/session', asked);
    expect(created.status).toBe(201);
    const again = await alice.api.request<{ conversation: { id: string } }>('POST', '/chat/session', asked);
    expect(again.data.conversation.id).toBe(created.data.conversation.id);
    const sessionId = created.data.conversation.id;

    const details = await bob.api.request('GET', `/chat/session/${sessionId}`);
    expect(details.data).toEqual(await bob.api.getConversation(sessionId));
    expect(details.data).toMatchObject({ capabilities: { send: true }, policies: { maxMembers: expect.any(Number) } });

    for (const body of ['first', 'second', 'third']) {
      const sent = await alice.api.request<{ message: { seq: number } }>('POST', '/chat/message', { sessionId, clientMessageId: randomUUID(), body });
      expect(sent.status).toBe(201);
    }
    const page = await bob.api.request<{ messages: { body: string }[]; hasMore: boolean }>('GET', `/chat/history/${sessionId}?limit=2`);
    expect(page.data).toMatchObject({ messages: [{ body: 'second' }, { body: 'third' }], hasMore: true });
    expect(page.data).toEqual(await bob.api.history(sessionId, { limit: 2 }));
  });

  it('hands out a socket ticket that opens a socket once, and refuses what v1 refuses, in the contract’s error shape', async () => {
    const ticket = await alice.api.request<{ url: string; ticket: string; expiresAt: string }>('GET', '/chat/ws');
    expect(ticket.data).toEqual({ url: expect.stringMatching(/^ws/), ticket: expect.any(String), expiresAt: expect.any(String) });
    const handshake = async () => {
      const socket = io(server.url, { path: '/socket.io', transports: ['websocket'], auth: { token: ticket.data.ticket }, reconnection: false });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
      } finally {
        socket.close();
      }
    };
    await handshake();
    await expect(handshake()).rejects.toMatchObject({ message: expect.stringMatching(/unknown, used or expired/) });

    const { conversation } = await alice.api.createConversation({ type: 'group', memberIds: [bob.id] });
    const refusal = (status: number, code: string) => ({ status, body: expect.objectContaining({ code, requestId: expect.any(String) }) });
    await expect(alice.api.request('POST', '/chat/message', { clientMessageId: randomUUID(), body: 'where to?' })).rejects.toMatchObject(refusal(400, 'VALIDATION_FAILED'));
    await expect(alice.api.request('POST', '/chat/message', { sessionId: conversation.id, body: 'no id' })).rejects.toMatchObject(refusal(400, 'VALIDATION_FAILED'));
    const outsider = await signUp(server.url, 'outsider');
    await expect(outsider.api.request('GET', `/chat/session/${conversation.id}`)).rejects.toMatchObject(refusal(404, 'CONVERSATION_NOT_FOUND'));
    await expect(outsider.api.request('GET', `/chat/history/${conversation.id}`)).rejects.toMatchObject(refusal(404, 'CONVERSATION_NOT_FOUND'));
    await expect(new ChatApi({ baseUrl: server.url }).request('GET', '/chat/ws')).rejects.toMatchObject(refusal(401, 'UNAUTHENTICATED'));
    await expect(alice.api.request('GET', '/chat/sessions')).rejects.toMatchObject({ status: 404 });
  });
});
