import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import jwt from 'jsonwebtoken';
import { ConversationAccess } from '@chat/conversations';
import { ChatApi } from '@chat/sdk';
import { TEST_ENV, connect, record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

describe('conversations and membership', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { GROUP_MAX_MEMBERS: '4' });
    [alice, bob, carol] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob'), signUp(server.url, 'carol')]);
  });
  afterAll(() => server?.close());

  it('returns the existing direct conversation instead of a duplicate, from either side', async () => {
    const first = await alice.api.request('POST', '/v1/conversations', { type: 'direct', memberIds: [bob.id] });
    const again = await bob.api.request('POST', '/v1/conversations', { type: 'direct', memberIds: [alice.id] });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.data).toEqual(first.data);
  });

  it('keeps channel names unique per tenant regardless of case', async () => {
    const name = `General-${randomUUID().slice(0, 8)}`;
    await alice.api.createConversation({ type: 'channel', name });
    await expect(bob.api.createConversation({ type: 'channel', name: name.toLowerCase() })).rejects.toMatchObject({ status: 409, body: { code: 'CHANNEL_NAME_TAKEN' } });
  });

  it('bounds groups by GROUP_MAX_MEMBERS', async () => {
    const more = await Promise.all([signUp(server.url), signUp(server.url)]);
    await expect(alice.api.createConversation({ type: 'group', memberIds: [bob.id, carol.id, more[0].id, more[1].id] })).rejects.toMatchObject({ status: 409, body: { code: 'CONVERSATION_FULL' } });
    const { conversation } = await alice.api.createConversation({ type: 'group', memberIds: [bob.id, carol.id, more[0].id] });
    expect(conversation.memberCount).toBe(4);
    await expect(alice.api.invite(conversation.id, more[1].id)).rejects.toMatchObject({ status: 409, body: { code: 'CONVERSATION_FULL' } });
  });

  it('browses public channels by name with a cursor, never private ones', async () => {
    const tag = randomUUID().slice(0, 8);
    for (const n of ['a', 'b', 'c']) await alice.api.createConversation({ type: 'channel', name: `browse-${tag}-${n}` });
    await alice.api.createConversation({ type: 'channel', name: `browse-${tag}-secret`, visibility: 'private' });
    const first = await carol.api.browsePublic({ q: `browse-${tag}`, limit: 2 });
    expect(first.conversations.map((c) => c.name)).toEqual([`browse-${tag}-a`, `browse-${tag}-b`]);
    const second = await carol.api.browsePublic({ q: `browse-${tag}`, limit: 2, cursor: first.nextCursor! });
    expect(second.conversations.map((c) => c.name)).toEqual([`browse-${tag}-c`]);
    expect(second.nextCursor).toBeNull();
  });

  it('runs the channel lifecycle: join, invite, roles, ownership transfer, kick, leave, delete', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: `life-${randomUUID()}`, visibility: 'public' });
    const id = conversation.id;
    await bob.api.join(id);
    await bob.api.join(id); // joining twice is harmless
    await expect(bob.api.invite(id, carol.id)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await alice.api.changeRole(id, bob.id, 'admin');
    await bob.api.invite(id, carol.id);
    await expect(bob.api.kick(id, alice.id)).rejects.toMatchObject({ status: 403 });
    await expect(alice.api.leave(id)).rejects.toMatchObject({ status: 409, body: { code: 'OWNER_MUST_TRANSFER' } });
    const transferred = await alice.api.changeRole(id, carol.id, 'owner');
    const roles = Object.fromEntries(transferred.members.map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [alice.id]: 'admin', [bob.id]: 'admin', [carol.id]: 'owner' });
    await carol.api.kick(id, bob.id);
    await alice.api.leave(id);
    const details = await carol.api.getConversation(id);
    expect(details.members.map((m) => m.userId)).toEqual([carol.id]);
    await expect(alice.api.deleteConversation(id)).rejects.toMatchObject({ status: 403, body: { code: 'NOT_A_MEMBER' } }); // a public channel she left
    await carol.api.deleteConversation(id);
    await expect(carol.api.getConversation(id)).rejects.toMatchObject({ status: 404 });
  });

  it('says in a conversation’s details what the caller may do there now, by the rules it enforces, and its limits', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: `caps-${randomUUID()}`, visibility: 'public' });
    const granted = async (who: TestUser) => {
      const { capabilities } = await who.api.getConversation(conversation.id);
      return Object.keys(capabilities).filter((name) => capabilities[name as keyof typeof capabilities]);
    };
    expect(await granted(alice)).toEqual(['leave', 'send', 'pin', 'addMembers', 'edit', 'close', 'connect', 'moderate', 'changeRoles', 'delete']);
    expect(await granted(bob)).toEqual(['join']);
    await bob.api.join(conversation.id);
    expect(await granted(bob)).toEqual(['leave', 'send', 'connect']);
    // The owner leaves no more once someone else is in it (ownership first).
    expect(await granted(alice)).toEqual(['send', 'pin', 'addMembers', 'edit', 'close', 'connect', 'moderate', 'changeRoles', 'delete']);
    // As it says: a member of a channel is refused an invitation.
    await expect(bob.api.invite(conversation.id, carol.id)).rejects.toMatchObject({ status: 403 });
    await alice.api.changeRole(conversation.id, bob.id, 'admin');
    expect(await granted(bob)).toEqual(['leave', 'send', 'pin', 'addMembers', 'edit', 'close', 'connect', 'moderate']);
    await bob.api.invite(conversation.id, carol.id);

    const { conversation: group } = await alice.api.createConversation({ type: 'group', memberIds: [bob.id] });
    expect((await bob.api.getConversation(group.id)).policies).toEqual({ maxMessageChars: 4000, maxAttachments: 10, maxMentions: 20, maxPinned: 50, maxMembers: 4, retentionDays: null });

    // A block between the two people of a direct conversation: no sending there, for either of them.
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [carol.id] });
    expect((await carol.api.getConversation(direct.id)).capabilities.send).toBe(true);
    await alice.api.block(carol.id);
    try {
      expect((await carol.api.getConversation(direct.id)).capabilities.send).toBe(false);
      expect((await alice.api.getConversation(direct.id)).capabilities.send).toBe(false);
      await expect(carol.api.sendMessage(direct.id, { clientMessageId: randomUUID(), body: 'hello?' })).rejects.toMatchObject({ status: 403, body: { code: 'CONTACT_BLOCKED' } });
    } finally {
      await alice.api.unblock(carol.id);
    }
  });

  it('lists my conversations with last message, unread count and read pointer', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'list-check', memberIds: [bob.id] });
    await bob.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'one' });
    await bob.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'two' });
    const { conversations } = await alice.api.listConversations();
    expect(conversations[0]).toMatchObject({ id: conversation.id, unreadCount: 2, lastReadSeq: 0, muted: false, lastMessage: { body: 'two', seq: 2 } });
  });

  it('names the other person of a direct conversation in my list, with their picture read from their account now; members carry theirs too', async () => {
    const [dora, emil] = await Promise.all([signUp(server.url, 'dora'), signUp(server.url, 'emil')]);
    const setAvatar = (userId: string, url: string | null) => server.app.get(DataSource).query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [userId, url]);
    await setAvatar(emil.id, 'https://cdn.example/emil.png');
    const { conversation: direct } = await dora.api.createConversation({ type: 'direct', memberIds: [emil.id] });
    const { conversation: group } = await dora.api.createConversation({ type: 'group', name: 'partner-check', memberIds: [emil.id] });
    const listed = async (who: TestUser, id: string) => (await who.api.listConversations()).conversations.find((c) => c.id === id)!;

    const emilAsPartner = { userId: emil.id, username: emil.auth.user.username, displayName: emil.auth.user.displayName, avatarUrl: 'https://cdn.example/emil.png' };
    expect((await listed(dora, direct.id)).partner).toEqual(emilAsPartner);
    expect((await listed(emil, direct.id)).partner).toEqual({ userId: dora.id, username: dora.auth.user.username, displayName: dora.auth.user.displayName, avatarUrl: null });
    // Groups (and channels) name nobody: the key is absent, not null.
    expect(await listed(dora, group.id)).not.toHaveProperty('partner');

    const { members } = await dora.api.getConversation(direct.id);
    // Neither has ever connected a socket: offline, never seen.
    const member = (who: TestUser, avatarUrl: string | null) => ({ userId: who.id, username: who.auth.user.username, displayName: who.auth.user.displayName, avatarUrl, role: 'member', joinedAt: expect.any(String), presence: 'offline', lastSeenAt: null });
    const byId = (a: { userId: string }, b: { userId: string }) => a.userId.localeCompare(b.userId);
    expect([...members].sort(byId)).toEqual([member(dora, null), member(emil, 'https://cdn.example/emil.png')].sort(byId));

    // Read at read time, not projected: a new picture, then none, show at the next read.
    await setAvatar(emil.id, 'https://cdn.example/emil-2.png');
    expect((await listed(dora, direct.id)).partner).toEqual({ ...emilAsPartner, avatarUrl: 'https://cdn.example/emil-2.png' });
    await setAvatar(emil.id, null);
    expect((await listed(dora, direct.id)).partner).toEqual({ ...emilAsPartner, avatarUrl: null });

    // A deleted account stays in its direct conversations: named "Deleted user", without a picture.
    await setAvatar(emil.id, 'https://cdn.example/emil-3.png');
    await emil.api.deleteAccount('password-123');
    expect((await listed(dora, direct.id)).partner).toEqual({ userId: emil.id, username: `deleted-${emil.id}`, displayName: 'Deleted user', avatarUrl: null });
  });

  it('tells members live about joins, leaves and removal, and stops a removed member at once', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'group', memberIds: [bob.id, carol.id] });
    const bobSocket = await connect(server.url, bob.auth.accessToken);
    const aliceSocket = await connect(server.url, alice.auth.accessToken);
    await bobSocket.request('conversation.join', { conversationId: conversation.id });
    await aliceSocket.request('conversation.join', { conversationId: conversation.id });
    const bobMessages = record(bobSocket, 'message.created');
    const bobLeft = record(bobSocket, 'member.left');
    const aliceLeft = record(aliceSocket, 'member.left');
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'before' });
    await bobMessages.waitFor(1);
    await alice.api.kick(conversation.id, bob.id);
    await bobLeft.waitFor(1);
    await aliceLeft.waitFor(1);
    expect(aliceLeft.frames[0]).toMatchObject({ conversationId: conversation.id, userId: bob.id, reason: 'removed' });
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'after' });
    await sleep(500);
    expect(bobMessages.frames.map((f) => f.message.body)).toEqual(['before']);
    await expect(bob.api.history(conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(bobSocket.request('conversation.join', { conversationId: conversation.id })).rejects.toMatchObject({ body: { code: 'CONVERSATION_NOT_FOUND' } });
    bobSocket.close();
    aliceSocket.close();
  });

  it('keeps no socket in a conversation’s room when the member’s removal lands between the join’s check and the join', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'group', memberIds: [bob.id] });
    const bobSocket = await connect(server.url, bob.auth.accessToken);
    const bobMessages = record(bobSocket, 'message.created');
    const bobLeft = record(bobSocket, 'member.left');
    const access = server.app.get(ConversationAccess);
    const check = access.requireMember.bind(access);
    // The join's first check passes; the removal then commits and is fanned out before the socket is in the room.
    const raced = jest.spyOn(access, 'requireMember').mockImplementationOnce(async (...args) => {
      const membership = await check(...args);
      await alice.api.kick(conversation.id, bob.id);
      await bobLeft.waitFor(1);
      return membership;
    });
    try {
      await expect(bobSocket.request('conversation.join', { conversationId: conversation.id })).rejects.toMatchObject({ body: { code: 'CONVERSATION_NOT_FOUND' } });
    } finally {
      raced.mockRestore();
    }
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'after the removal' });
    await sleep(500);
    expect(bobMessages.frames).toEqual([]);
    bobSocket.close();
  });

  describe('authorization matrix', () => {
    let privateGroupId: string;
    let publicChannelId: string;
    let messageCount: number;
    let outsider: TestUser;
    let removed: TestUser;
    let otherTenant: ChatApi;

    beforeAll(async () => {
      outsider = await signUp(server.url, 'outsider');
      removed = await signUp(server.url, 'removed');
      privateGroupId = (await alice.api.createConversation({ type: 'group', memberIds: [bob.id, removed.id] })).conversation.id;
      publicChannelId = (await alice.api.createConversation({ type: 'channel', name: `open-${randomUUID()}` })).conversation.id;
      await alice.api.sendMessage(privateGroupId, { clientMessageId: randomUUID(), body: 'secret' });
      await alice.api.kick(privateGroupId, removed.id);
      messageCount = 1;
      otherTenant = new ChatApi({ baseUrl: server.url, accessToken: await tokenInOtherTenant(server) });
    });

    const privateReads = (api: () => ChatApi) => [
      ['get details', () => api().getConversation(privateGroupId)],
      ['read history', () => api().history(privateGroupId)],
      ['send', () => api().sendMessage(privateGroupId, { clientMessageId: randomUUID(), body: 'x' })],
      ['invite', () => api().invite(privateGroupId, carol.id)],
      ['join', () => api().join(privateGroupId)],
      ['leave', () => api().leave(privateGroupId)],
      ['rename', () => api().updateConversation(privateGroupId, { name: 'hacked' })],
      ['delete', () => api().deleteConversation(privateGroupId)],
    ] as const;

    for (const [who, api] of [
      ['a non-member', () => outsider.api],
      ['a removed member', () => removed.api],
      ['a user of another tenant', () => otherTenant],
    ] as const) {
      it(`gives ${who} 404 on a private conversation for every operation, leaking no members`, async () => {
        for (const [, op] of privateReads(api)) {
          const err = await op().then(() => null, (e) => e);
          expect(err).toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
          expect(JSON.stringify(err.body)).not.toMatch(new RegExp(`${alice.id}|${bob.id}|secret`));
        }
        const socket = await connect(server.url, api().accessToken!);
        await expect(socket.request('sync', { conversationId: privateGroupId, afterSeq: 0 })).rejects.toMatchObject({ body: { code: 'CONVERSATION_NOT_FOUND' } });
        await expect(socket.request('message.send', { conversationId: privateGroupId, clientMessageId: randomUUID(), body: 'x' })).rejects.toMatchObject({ body: { code: 'CONVERSATION_NOT_FOUND' } });
        socket.close();
      });
    }

    it('lets a non-member see a public channel but not post or read its history (403)', async () => {
      await expect(outsider.api.getConversation(publicChannelId)).resolves.toMatchObject({ conversation: { id: publicChannelId } });
      await expect(outsider.api.history(publicChannelId)).rejects.toMatchObject({ status: 403, body: { code: 'NOT_A_MEMBER' } });
      await expect(outsider.api.sendMessage(publicChannelId, { clientMessageId: randomUUID(), body: 'x' })).rejects.toMatchObject({ status: 403 });
      await expect(otherTenant.getConversation(publicChannelId)).rejects.toMatchObject({ status: 404 });
    });

    it('left nothing half-written behind the refusals', async () => {
      const history = await alice.api.history(privateGroupId);
      expect(history.messages).toHaveLength(messageCount);
      expect((await alice.api.getConversation(privateGroupId)).conversation.name).toBeNull();
    });

    it('refuses a revoked token everywhere', async () => {
      const user = await signUp(server.url);
      await user.api.logout();
      await expect(user.api.listConversations()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
      await expect(user.api.sendMessage(publicChannelId, { clientMessageId: randomUUID(), body: 'x' })).rejects.toMatchObject({ status: 401 });
    });
  });
});

/** A real login in a second tenant of this single-tenant server (which cannot create tenants), so the rows are written directly. */
async function tokenInOtherTenant(server: TestApp): Promise<string> {
  const ds = server.app.get(DataSource);
  const tenantId = randomUUID();
  const userId = randomUUID();
  const sessionId = randomUUID();
  await ds.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'other')`, [tenantId, `other-${userId.slice(0, 8)}`]);
  await ds.query(`INSERT INTO users (id, tenant_id, username, username_key, display_name) VALUES ($1, $2, 'intruder', 'intruder', 'Intruder')`, [userId, tenantId]);
  await ds.query(`INSERT INTO auth_sessions (id, tenant_id, user_id) VALUES ($1, $2, $3)`, [sessionId, tenantId, userId]);
  return jwt.sign({ sub: userId, tid: tenantId, sid: sessionId, typ: 'access' }, TEST_ENV.JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 });
}
