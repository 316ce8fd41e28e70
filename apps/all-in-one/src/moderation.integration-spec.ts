import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { connect, eventually, record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 003, requirement 9: kick, ban (timed or until lifted), and a searchable moderation log. */
describe('conversation moderation', () => {
  let server: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let troll: TestUser;
  let channelId: string;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { BAN_REASON_MAX_CHARS: '40', MODERATION_LOG_DEFAULT_LIMIT: '3', MODERATION_LOG_MAX_LIMIT: '5' });
    [owner, admin, member, troll] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'admin'), signUp(server.url, 'member'), signUp(server.url, 'troll')]);
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `moderated-${randomUUID().slice(0, 8)}` });
    channelId = conversation.id;
    for (const u of [admin, member, troll]) await u.api.join(channelId);
    await owner.api.changeRole(channelId, admin.id, 'admin');
  });
  afterAll(() => server?.close());

  it('bans a member: their socket leaves the room at once, and joining or being invited is refused until the ban is lifted', async () => {
    // The troll has a picture (as the main service sets one); bans name the banned with it.
    await server.app.get(DataSource).query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [troll.id, 'https://cdn.example/troll.png']);
    const socket = await connect(server.url, troll.auth.accessToken);
    try {
      await socket.request('conversation.join', { conversationId: channelId });
      const left = record(socket, 'member.left');
      const created = record(socket, 'message.created');
      const { ban } = await admin.api.ban(channelId, { userId: troll.id, reason: 'spam links' });
      expect(ban).toMatchObject({ userId: troll.id, displayName: troll.auth.user.displayName, avatarUrl: 'https://cdn.example/troll.png', bannedBy: admin.id, reason: 'spam links', expiresAt: null });
      await left.waitFor(1);
      expect(left.frames[0]).toMatchObject({ conversationId: channelId, userId: troll.id, reason: 'banned' });
      await owner.api.sendMessage(channelId, { clientMessageId: randomUUID(), body: 'after the ban' });
      await sleep(300);
      expect(created.frames).toEqual([]);
      await expect(troll.api.join(channelId)).rejects.toMatchObject({ status: 403, body: { code: 'BANNED_FROM_CONVERSATION' } });
      await expect(socket.request('conversation.join', { conversationId: channelId })).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
      await expect(owner.api.invite(channelId, troll.id)).rejects.toMatchObject({ status: 403, body: { code: 'BANNED_FROM_CONVERSATION' } });
      await expect(troll.api.history(channelId)).rejects.toMatchObject({ status: 403 });
      expect((await admin.api.bans(channelId)).bans.map((b) => b.userId)).toEqual([troll.id]);
      // Newest first, each with their name and picture as they are now (null: none).
      const lurker = await signUp(server.url, 'lurker');
      expect((await admin.api.ban(channelId, { userId: lurker.id })).ban).toMatchObject({ userId: lurker.id, displayName: lurker.auth.user.displayName, avatarUrl: null });
      expect((await admin.api.bans(channelId)).bans.map((b) => [b.userId, b.displayName, b.avatarUrl])).toEqual([
        [lurker.id, lurker.auth.user.displayName, null],
        [troll.id, troll.auth.user.displayName, 'https://cdn.example/troll.png'],
      ]);
      await admin.api.liftBan(channelId, lurker.id);

      await owner.api.liftBan(channelId, troll.id);
      await expect(owner.api.liftBan(channelId, troll.id)).rejects.toMatchObject({ status: 404, body: { code: 'BAN_NOT_FOUND' } });
      await troll.api.join(channelId);
      expect((await admin.api.bans(channelId)).bans).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('ends a timed ban by itself, and bans someone who is not a member yet', async () => {
    const outsider = await signUp(server.url, 'outsider');
    await admin.api.ban(channelId, { userId: outsider.id, durationSeconds: 1 });
    await expect(outsider.api.join(channelId)).rejects.toMatchObject({ body: { code: 'BANNED_FROM_CONVERSATION', message: expect.stringMatching(/until \d{4}-/) } });
    await eventually(() => outsider.api.join(channelId), { timeoutMs: 5_000, intervalMs: 200 });
  });

  it('lets owners ban anyone else and admins only members; members moderate nothing', async () => {
    await expect(admin.api.ban(channelId, { userId: owner.id })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(member.api.ban(channelId, { userId: troll.id })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(owner.api.ban(channelId, { userId: owner.id })).rejects.toMatchObject({ status: 403 });
    await expect(member.api.moderationLog(channelId)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(member.api.bans(channelId)).rejects.toMatchObject({ status: 403 });
    await expect(member.api.liftBan(channelId, troll.id)).rejects.toMatchObject({ status: 403 });
    await expect(admin.api.ban(channelId, { userId: randomUUID() })).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    const { conversation: direct } = await owner.api.createConversation({ type: 'direct', memberIds: [member.id] });
    await expect(owner.api.ban(direct.id, { userId: member.id })).rejects.toMatchObject({ status: 409, body: { code: 'OPERATION_NOT_SUPPORTED' } });
  });

  it("keeps the owner's ban of an admin from the other admins: they can neither lift nor replace it", async () => {
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `ranked-${randomUUID().slice(0, 8)}` });
    const id = conversation.id;
    const [dave, erin] = await Promise.all([signUp(server.url, 'dave'), signUp(server.url, 'erin')]);
    for (const u of [dave, erin]) {
      await u.api.join(id);
      await owner.api.changeRole(id, u.id, 'admin');
    }
    await owner.api.ban(id, { userId: dave.id, reason: 'abused admin powers' });

    await expect(erin.api.liftBan(id, dave.id)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(erin.api.ban(id, { userId: dave.id, durationSeconds: 1 })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await erin.api.bans(id)).bans).toEqual([expect.objectContaining({ userId: dave.id, bannedBy: owner.id, reason: 'abused admin powers', expiresAt: null })]);
    // Replaced by the owner, it still guards an admin's ban; the owner lifts it.
    await owner.api.ban(id, { userId: dave.id, durationSeconds: 3600 });
    await expect(erin.api.liftBan(id, dave.id)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await owner.api.liftBan(id, dave.id);
    await dave.api.join(id);
  });

  it("logs an ownership transfer as two role changes: the new owner's and the former owner's step-down", async () => {
    const [first, heir] = await Promise.all([signUp(server.url, 'first'), signUp(server.url, 'heir')]);
    const { conversation } = await first.api.createConversation({ type: 'group', name: 'handed on', memberIds: [heir.id] });
    await first.api.changeRole(conversation.id, heir.id, 'owner');
    const changesOf = async (target: TestUser) => (await heir.api.moderationLog(conversation.id, { targetUserId: target.id })).entries;
    expect(await changesOf(first)).toEqual([expect.objectContaining({ action: 'member.role-changed', actorId: first.id, details: { role: 'admin', previousRole: 'owner' } })]);
    expect(await changesOf(heir)).toEqual([expect.objectContaining({ action: 'member.role-changed', actorId: first.id, details: { role: 'owner', previousRole: 'member' } })]);
  });

  it('pages the bans newest first, each exactly once, at most MODERATION_LOG_MAX_LIMIT a page', async () => {
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `banned-many-${randomUUID().slice(0, 8)}` });
    const id = conversation.id;
    const banned = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => signUp(server.url, `banned${n}`)));
    for (const u of banned) await owner.api.ban(id, { userId: u.id });
    const allPages = async (limit?: number) => {
      const seen: string[] = [];
      let page = await owner.api.bans(id, { limit });
      for (;;) {
        seen.push(...page.bans.map((b) => b.userId));
        if (!page.hasMore) return seen;
        page = await owner.api.bans(id, { limit, before: seen[seen.length - 1] });
      }
    };

    await expect(owner.api.bans(id, { limit: 6 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await owner.api.bans(id)).toMatchObject({ bans: banned.slice(4).reverse().map((u) => ({ userId: u.id })), hasMore: true });
    expect(await allPages()).toEqual(banned.map((u) => u.id).reverse());
    // Bans made in the same instant still page apart, each once.
    await server.app.get(DataSource).query(`UPDATE conversation_bans SET created_at = '2026-01-01T00:00:00Z' WHERE conversation_id = $1`, [id]);
    const sameInstant = await allPages(2);
    expect([...sameInstant].sort()).toEqual(banned.map((u) => u.id).sort());
    expect(new Set(sameInstant).size).toBe(banned.length);
    // A page cannot continue from a ban lifted since.
    await owner.api.liftBan(id, sameInstant[0]);
    await expect(owner.api.bans(id, { before: sameInstant[0] })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses bad ban requests with the contract error and changes nothing', async () => {
    for (const body of [{}, { userId: 'nope' }, { userId: member.id, durationSeconds: 0 }, { userId: member.id, durationSeconds: 1.5 }, { userId: member.id, reason: 'x'.repeat(41) }, { userId: member.id, reason: 'a\u0000b' }]) {
      const answer = await admin.api.request('POST', `/v1/conversations/${channelId}/bans`, body).catch((err) => err);
      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    expect((await admin.api.getConversation(channelId)).members.map((m) => m.userId)).toContain(member.id);
  });

  it('logs kicks, bans, role changes and deletions of others’ messages, searchable and paged, newest first', async () => {
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `logged-${randomUUID().slice(0, 8)}` });
    const id = conversation.id;
    const [ana, ben] = await Promise.all([signUp(server.url, 'ana'), signUp(server.url, 'ben')]);
    for (const u of [ana, ben]) await u.api.join(id);
    const { message } = await ben.api.sendMessage(id, { clientMessageId: randomUUID(), body: 'rude words' });
    await owner.api.changeRole(id, ana.id, 'admin');
    await ana.api.deleteMessage(id, message.id);
    await ana.api.kick(id, ben.id);
    await ben.api.join(id);
    await ana.api.ban(id, { userId: ben.id, reason: 'kept posting rude words', durationSeconds: 3600 });
    await owner.api.liftBan(id, ben.id);
    const own = await owner.api.sendMessage(id, { clientMessageId: randomUUID(), body: 'mine' });
    await owner.api.deleteMessage(id, own.message.id);

    const all = await owner.api.moderationLog(id, { limit: 5 });
    expect(all.entries.map((e) => e.action)).toEqual(['member.unbanned', 'member.banned', 'member.removed', 'message.deleted', 'member.role-changed']);
    expect(all.hasMore).toBe(false);
    expect(all.entries[1]).toMatchObject({ actorId: ana.id, actorName: ana.auth.user.displayName, targetUserId: ben.id, targetName: ben.auth.user.displayName, reason: 'kept posting rude words', details: { expiresAt: expect.any(String), wasMember: true } });
    expect(all.entries[3]).toMatchObject({ actorId: ana.id, targetUserId: ben.id, messageId: message.id });
    expect(all.entries[4]).toMatchObject({ actorId: owner.id, targetUserId: ana.id, details: { role: 'admin', previousRole: 'member' } });

    const firstPage = await owner.api.moderationLog(id);
    expect(firstPage.entries).toHaveLength(3);
    expect(firstPage.hasMore).toBe(true);
    const next = await owner.api.moderationLog(id, { before: firstPage.entries[2].id });
    expect(next.entries.map((e) => e.action)).toEqual(['message.deleted', 'member.role-changed']);

    expect((await owner.api.moderationLog(id, { q: 'RUDE' })).entries.map((e) => e.action)).toEqual(['member.banned']);
    expect((await owner.api.moderationLog(id, { q: ben.auth.user.username, limit: 5 })).entries.map((e) => e.action)).toEqual(['member.unbanned', 'member.banned', 'member.removed', 'message.deleted']);
    expect((await owner.api.moderationLog(id, { action: 'member.removed' })).entries).toHaveLength(1);
    expect((await owner.api.moderationLog(id, { actorId: owner.id })).entries.map((e) => e.action)).toEqual(['member.unbanned', 'member.role-changed']);
    expect((await owner.api.moderationLog(id, { q: '100%_' })).entries).toEqual([]);
    for (const query of ['limit=6', 'limit=0', 'action=member.exploded', 'actorId=x', 'before=x']) {
      await expect(owner.api.request('GET', `/v1/conversations/${id}/moderation-log?${query}`)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
  });
});
