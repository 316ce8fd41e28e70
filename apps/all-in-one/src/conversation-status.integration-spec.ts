import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ErrorCode, type Conversation } from '@chat/contracts';
import { ReadModelRebuild } from '@chat/conversations';
import type { RealtimeClient } from '@chat/sdk';
import { connect, eventually, record, refusal, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * Seed 000's session status: an owner or admin closes a conversation (nothing is sent, edited or
 * reacted to there, on REST or the socket, 409 CONVERSATION_CLOSED) and reopens it; its members
 * still read it and follow it live, and hear of each change as a `conversation.updated`.
 */
describe('closing and reopening a conversation', () => {
  let server: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  const sockets: RealtimeClient[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    [owner, admin, member] = await Promise.all(['owner', 'admin', 'member'].map((n) => signUp(server.url, n)));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  async function socketIn(user: TestUser, conversationId: string): Promise<RealtimeClient> {
    const socket = await connect(server.url, user.auth.accessToken);
    sockets.push(socket);
    await socket.request('conversation.join', { conversationId });
    return socket;
  }

  const closedRefusal = { status: 409, body: { code: ErrorCode.CONVERSATION_CLOSED, hint: expect.stringContaining('reopen'), requestId: expect.any(String) } };

  it('refuses sends, edits and reactions while closed, on REST and the socket, and takes them again once reopened', async () => {
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `closing-${randomUUID().slice(0, 8)}` });
    const id = conversation.id;
    expect(conversation).toMatchObject({ status: 'open', closedAt: null });
    await member.api.join(id);
    await owner.api.invite(id, admin.id);
    await owner.api.changeRole(id, admin.id, 'admin');
    const { message } = await member.api.sendMessage(id, { clientMessageId: randomUUID(), body: 'before the close' });
    const memberSocket = await socketIn(member, id);
    const updates = record(memberSocket, 'conversation.updated');

    const closed = await admin.api.closeConversation(id);
    expect(closed.conversation).toMatchObject({ id, status: 'closed', closedAt: expect.any(String) });
    expect(closed.capabilities).toMatchObject({ send: false, close: true, connect: true });
    const asMember = await member.api.request('GET', `/chat/session/${id}`);
    expect(asMember.data).toMatchObject({ conversation: { status: 'closed', closedAt: closed.conversation.closedAt }, capabilities: { send: false, close: false, connect: true } });
    await eventually(() => expect(updates.frames.map((f) => f.conversation)).toContainEqual(expect.objectContaining({ id, status: 'closed' })));

    expect(await refusal(member.api.sendMessage(id, { clientMessageId: randomUUID(), body: 'after the close' }))).toMatchObject(closedRefusal);
    expect(await refusal(member.api.request('POST', '/chat/message', { sessionId: id, clientMessageId: randomUUID(), body: 'via the seed path' }))).toMatchObject(closedRefusal);
    expect(await memberSocket.socket.emitWithAck('message.send', { conversationId: id, clientMessageId: randomUUID(), body: 'over the socket' })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.CONVERSATION_CLOSED },
    });
    expect(await refusal(member.api.editMessage(id, message.id, 'rewritten'))).toMatchObject(closedRefusal);
    expect(await refusal(owner.api.react(id, message.id, '👍'))).toMatchObject(closedRefusal);
    // Reads go on: history, the list, search.
    expect((await member.api.history(id)).messages.map((m) => m.body)).toEqual(['before the close']);
    await eventually(async () => expect((await member.api.listConversations()).conversations.find((c) => c.id === id)).toMatchObject({ status: 'closed', closedAt: closed.conversation.closedAt }));
    await eventually(async () => expect((await member.api.search({ q: 'before', conversationId: id })).hits.map((h) => h.message.id)).toEqual([message.id]));
    // Closing again changes nothing and tells nobody.
    expect((await owner.api.closeConversation(id)).conversation.closedAt).toBe(closed.conversation.closedAt);

    const reopened = await owner.api.reopenConversation(id);
    expect(reopened.conversation).toMatchObject({ status: 'open', closedAt: null });
    expect(reopened.capabilities.send).toBe(true);
    await eventually(() => expect(updates.frames.map((f) => f.conversation.status)).toEqual(['closed', 'open']));
    await member.api.sendMessage(id, { clientMessageId: randomUUID(), body: 'after the reopen' });
    await member.api.editMessage(id, message.id, 'rewritten');
    await owner.api.react(id, message.id, '👍');
    expect((await member.api.history(id)).messages.map((m) => m.body)).toEqual(['rewritten', 'after the reopen']);
  });

  it('puts each change in the sync feed and keeps it through a read model rebuild', async () => {
    const { conversation } = await owner.api.createConversation({ type: 'group', memberIds: [member.id] });
    const { cursor } = await member.api.sync();
    await owner.api.closeConversation(conversation.id);
    await eventually(async () =>
      expect((await member.api.sync({ since: cursor })).changes).toContainEqual(
        expect.objectContaining({ type: 'conversation.updated', conversationId: conversation.id, conversation: expect.objectContaining({ status: 'closed' }) }),
      ),
    );
    const listed = async (): Promise<Conversation | undefined> => (await member.api.listConversations()).conversations.find((c) => c.id === conversation.id);
    await eventually(async () => expect(await listed()).toMatchObject({ status: 'closed' }));
    const before = await listed();
    await server.app.get(ReadModelRebuild).rebuild();
    expect(await listed()).toEqual(before);
  });

  it('is for owners and admins of groups and channels; others are refused in the contract’s error shape and nothing changes', async () => {
    const { conversation: group } = await owner.api.createConversation({ type: 'group', memberIds: [member.id] });
    expect(await refusal(member.api.closeConversation(group.id))).toMatchObject({ status: 403, body: { code: ErrorCode.FORBIDDEN } });
    const { conversation: direct } = await owner.api.createConversation({ type: 'direct', memberIds: [member.id] });
    expect(await refusal(owner.api.closeConversation(direct.id))).toMatchObject({ status: 409, body: { code: ErrorCode.OPERATION_NOT_SUPPORTED } });
    const outsider = await signUp(server.url, 'outsider');
    expect(await refusal(outsider.api.closeConversation(group.id))).toMatchObject({ status: 404, body: { code: ErrorCode.CONVERSATION_NOT_FOUND } });
    expect(await refusal(owner.api.closeConversation('not-an-id'))).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    const rows = await server.app.get(DataSource).query(`SELECT closed_at FROM conversations WHERE id = ANY ($1)`, [[group.id, direct.id]]);
    expect(rows).toEqual([{ closed_at: null }, { closed_at: null }]);
  });
});
