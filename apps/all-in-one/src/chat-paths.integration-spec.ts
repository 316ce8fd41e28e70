import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { ConversationCreatedResponse, WsTicketResponse } from '@chat/contracts';
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
    const created = await alice.api.request<ConversationCreatedResponse>('POST', '/chat/session', asked);
    expect(created.status).toBe(201);
    const again = await alice.api.request<ConversationCreatedResponse>('POST', '/chat/session', asked);
    expect(again.status).toBe(200);
    expect(again.data).toEqual(created.data);
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

  it('answers a created session with its details (as GET gives them) and where to connect to it live, repeats too', async () => {
    const created = await alice.api.request<ConversationCreatedResponse>('POST', '/chat/session', { type: 'group', memberIds: [bob.id] });
    expect(created.status).toBe(201);
    const sessionId = created.data.conversation.id;
    const { connection, ...details } = created.data;
    expect(details).toEqual(await alice.api.getConversation(sessionId));
    expect(details).toMatchObject({ members: expect.arrayContaining([expect.objectContaining({ userId: alice.id, role: 'owner' }), expect.objectContaining({ userId: bob.id, role: 'member' })]) });
    expect(details.capabilities).toMatchObject({ send: true, edit: true, delete: true });
    expect(connection).toEqual({
      url: expect.stringMatching(/^ws:\/\//),
      path: '/socket.io',
      ticketUrl: `${server.url}/v1/auth/ws-ticket`,
      sessionTicketUrl: `${server.url}/chat/ws?sessionId=${sessionId}`,
    });
    // The address is the one a ws ticket names, from either place the connection says to get one.
    const viaV1 = await alice.api.request<WsTicketResponse>('POST', new URL(connection.ticketUrl).pathname, { conversationIds: [sessionId] });
    expect(viaV1.data.url).toBe(connection.url);
    const sessionTicketUrl = new URL(connection.sessionTicketUrl);
    const viaAlias = await alice.api.request<WsTicketResponse>('GET', `${sessionTicketUrl.pathname}${sessionTicketUrl.search}`);
    expect(viaAlias.data).toMatchObject({ url: connection.url, conversationIds: [sessionId] });

    // Following the connection: a socket on that address, opened with that ticket, hears the session live.
    const socket = io(new URL(connection.url).origin, { path: connection.path, transports: ['websocket'], auth: { token: viaAlias.data.ticket }, reconnection: false });
    try {
      await expect(socket.emitWithAck('conversation.join', { conversationId: sessionId })).resolves.toMatchObject({ ok: true, lastSeq: 0 });
      const heard = new Promise<{ message: { body: string } }>((resolve) => socket.once('message.created', resolve));
      await bob.api.sendMessage(sessionId, { clientMessageId: randomUUID(), body: 'live' });
      await expect(heard).resolves.toMatchObject({ message: { body: 'live' } });
    } finally {
      socket.close();
    }

    // The pair's direct conversation, answered again rather than duplicated, comes in the same shape.
    const direct = await bob.api.request<ConversationCreatedResponse>('POST', '/chat/session', { type: 'direct', memberIds: [alice.id] });
    const directAgain = await alice.api.request<ConversationCreatedResponse>('POST', '/v1/conversations', { type: 'direct', memberIds: [bob.id] });
    expect(directAgain.status).toBe(200);
    expect(directAgain.data.conversation).toEqual(direct.data.conversation);
    expect(directAgain.data).toEqual({ ...(await alice.api.getConversation(direct.data.conversation.id)), connection: direct.data.connection });
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
