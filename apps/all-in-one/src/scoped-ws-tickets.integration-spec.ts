import { randomUUID } from 'node:crypto';
import type { RealtimeClient } from '@chat/sdk';
import { connect, record, refusal, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * Seed 000 FR-007/008: a socket ticket scoped to some conversations opens a socket that acts on
 * those only and hears nothing account-wide, and loses a conversation the moment its holder does.
 */
describe('ws tickets scoped to conversations', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  const sockets: RealtimeClient[] = [];
  const group = async () => (await alice.api.createConversation({ type: 'group', memberIds: [bob.id] })).conversation.id;
  const socketWith = async (conversationIds?: string[]) => {
    const socket = await connect(server.url, (await alice.api.wsTicket(conversationIds ? { conversationIds } : {})).ticket);
    sockets.push(socket);
    return socket;
  };
  const outsideScope = { status: 0, body: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/ticket for other conversations/), requestId: expect.any(String) }) };

  beforeAll(async () => {
    server = await startTestApp(allInOne, { WS_TICKET_MAX_CONVERSATIONS: '2' });
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => server?.close());

  it('acts on its conversations and refuses every event that names another, with the error shape', async () => {
    const [inScope, other] = [await group(), await group()];
    // An id in capitals is the same id, to the ticket and to the socket.
    const ticket = await alice.api.wsTicket({ conversationIds: [inScope, inScope.toUpperCase()] });
    expect(ticket.conversationIds).toEqual([inScope]);
    const socket = await connect(server.url, ticket.ticket);
    sockets.push(socket);

    await expect(socket.request('conversation.join', { conversationId: inScope.toUpperCase() })).resolves.toEqual({ lastSeq: 0 });
    const frames = record(socket, 'message.created');
    const { message } = await socket.request('message.send', { conversationId: inScope, clientMessageId: randomUUID(), body: 'hello' });
    // Joined in capitals, the socket is in the conversation's one room all the same.
    await frames.waitFor(1);
    await expect(socket.request('sync', { conversationId: inScope, afterSeq: 0 })).resolves.toMatchObject({ messages: [{ id: message.id }] });
    await expect(socket.request('read', { conversationId: inScope, seq: message.seq })).resolves.toEqual({ lastReadSeq: message.seq });
    await expect(socket.request('typing', { conversationId: inScope, isTyping: true })).resolves.toEqual({});
    await expect(socket.request('conversation.view', { conversationId: inScope })).resolves.toEqual({ viewers: [alice.id] });
    await expect(socket.request('conversation.view', { conversationId: null })).resolves.toEqual({ viewers: [] });
    await expect(socket.request('presence.heartbeat', {})).resolves.toEqual({});

    // Alice is a member of `other`; the ticket is what keeps this socket out of it.
    await expect(socket.request('conversation.join', { conversationId: other })).rejects.toMatchObject(outsideScope);
    await expect(socket.request('message.send', { conversationId: other, clientMessageId: randomUUID(), body: 'smuggled' })).rejects.toMatchObject(outsideScope);
    await expect(socket.request('sync', { conversationId: other, afterSeq: 0 })).rejects.toMatchObject(outsideScope);
    await expect(socket.request('read', { conversationId: other, seq: 1 })).rejects.toMatchObject(outsideScope);
    await expect(socket.request('delivered', { conversationId: other, seq: 1 })).rejects.toMatchObject(outsideScope);
    await expect(socket.request('typing', { conversationId: other, isTyping: true })).rejects.toMatchObject(outsideScope);
    await expect(socket.request('conversation.view', { conversationId: other })).rejects.toMatchObject(outsideScope);
    expect((await alice.api.history(other)).messages).toEqual([]);
    // Malformed payloads still reach their handler's validation.
    await expect(socket.request('conversation.join', { conversationId: 42 } as never)).rejects.toMatchObject({ body: { code: 'VALIDATION_FAILED' } });
  });

  it('hears what concerns its conversations only, where an account-wide socket hears everything', async () => {
    const [inScope, other] = [await group(), await group()];
    const [scoped, everything] = [await socketWith([inScope]), await socketWith()];
    const [scopedMutes, allMutes] = [record(scoped, 'mute.updated'), record(everything, 'mute.updated')];
    const [scopedJoins, allJoins] = [record(scoped, 'member.joined'), record(everything, 'member.joined')];

    await alice.api.setMuted(other, true);
    await bob.api.createConversation({ type: 'group', memberIds: [alice.id] });
    await alice.api.setMuted(inScope, true);
    await Promise.all([allMutes.waitFor(2), allJoins.waitFor(1), scopedMutes.waitFor(1)]);
    // Frames reach one socket in the order they were emitted: the ones before the last mute would be here.
    expect(scopedMutes.frames.map((f) => f.conversationId)).toEqual([inScope]);
    expect(scopedJoins.frames).toEqual([]);
  });

  it('loses a conversation its holder is removed from: out of the room at once, refused after', async () => {
    const bobsGroup = async () => (await bob.api.createConversation({ type: 'group', memberIds: [alice.id] })).conversation.id;
    const [removedFrom, kept] = [await bobsGroup(), await bobsGroup()];
    const socket = await socketWith([removedFrom, kept]);
    for (const conversationId of [removedFrom, kept]) await socket.request('conversation.join', { conversationId });
    const [left, created] = [record(socket, 'member.left'), record(socket, 'message.created')];

    await bob.api.kick(removedFrom, alice.id);
    await left.waitFor(1);
    expect(left.frames).toEqual([expect.objectContaining({ conversationId: removedFrom, userId: alice.id, reason: 'removed' })]);
    await bob.api.sendMessage(removedFrom, { clientMessageId: randomUUID(), body: 'after you left' });
    const marker = await bob.api.sendMessage(kept, { clientMessageId: randomUUID(), body: 'still here' });
    await created.waitFor(1);
    expect(created.frames.map((f) => f.message.id)).toEqual([marker.message.id]);
    await expect(socket.request('conversation.join', { conversationId: removedFrom })).rejects.toMatchObject({ body: { code: 'CONVERSATION_NOT_FOUND' } });
  });

  it('closes with the login it was issued under', async () => {
    const own = await signUp(server.url, 'leaving');
    const { conversation } = await own.api.createConversation({ type: 'group', memberIds: [bob.id] });
    const socket = await connect(server.url, (await own.api.wsTicket({ conversationIds: [conversation.id] })).ticket);
    sockets.push(socket);
    const closed = new Promise<string>((resolve) => socket.socket.on('disconnect', resolve));
    await own.api.logout();
    await expect(closed).resolves.toBe('io server disconnect');
  });

  it('is issued for conversations of the caller’s only, as many as WS_TICKET_MAX_CONVERSATIONS, and through GET /chat/ws?sessionId=', async () => {
    const [mine, another, third] = [await group(), await group(), await group()];
    const carol = await signUp(server.url, 'carol');
    const { conversation: bobsOwn } = await bob.api.createConversation({ type: 'group', memberIds: [carol.id] });
    for (const conversationIds of [[bobsOwn.id], [mine, randomUUID()]]) {
      expect(await refusal(alice.api.wsTicket({ conversationIds }))).toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
    }
    expect(await refusal(alice.api.wsTicket({ conversationIds: [mine, another, third] }))).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: [{ field: 'conversationIds', problem: expect.stringMatching(/at most 2/) }] },
    });
    for (const conversationIds of [[], ['not-an-id'], 'mine']) {
      expect(await refusal(alice.api.wsTicket({ conversationIds } as never))).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }

    const viaChat = await alice.api.request<{ ticket: string; conversationIds: string[] }>('GET', `/chat/ws?sessionId=${mine}&sessionId=${another}`);
    expect(viaChat.data.conversationIds).toEqual([mine, another]);
    const socket = await connect(server.url, viaChat.data.ticket);
    sockets.push(socket);
    await expect(socket.request('conversation.join', { conversationId: third })).rejects.toMatchObject(outsideScope);
    expect(await refusal(alice.api.request('GET', `/chat/ws?sessionId=${bobsOwn.id}`))).toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
  });
});
