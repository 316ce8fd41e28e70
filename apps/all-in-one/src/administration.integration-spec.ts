import { randomUUID } from 'node:crypto';
import type { BannedAccount } from '@chat/contracts';
import { ChatApi, RealtimeClient } from '@chat/sdk';
import { connect, eventually, record, signUp, sleep, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 003, requirement 9 for the whole tenant: administrators (ADMIN_USERNAMES) ban accounts. */
describe('account bans by tenant administrators', () => {
  const adminName = uniqueName('root');
  const otherAdminName = uniqueName('ops');
  const unregisteredAdminName = uniqueName('keeper');
  let server: TestApp;
  let admin: ChatApi;
  let adminId: string;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: `${otherAdminName}, ${adminName.toUpperCase()}, ${unregisteredAdminName}` });
    admin = new ChatApi({ baseUrl: server.url });
    adminId = (await admin.register(adminName, 'Root', 'password-123')).user.id;
  });
  afterAll(() => server?.close());

  const password = 'password-123';

  it('ends every login of the account at once, tells and disconnects its sockets, and refuses it until lifted', async () => {
    const troll = await signUp(server.url, 'troll');
    const socket = await connect(server.url, troll.auth.accessToken);
    const told = record(socket, 'account.banned');
    const disconnected = new Promise<string>((resolve) => socket.socket.on('disconnect', resolve));

    const { ban } = await admin.request<{ ban: unknown }>('POST', `/v1/admin/users/${troll.id}/ban`, { reason: 'harassment' }).then((r) => r.data);
    expect(ban).toMatchObject({ userId: troll.id, reason: 'harassment', bannedUntil: null });
    await told.waitFor(1);
    expect(told.frames[0]).toMatchObject({ until: null });
    expect(await disconnected).toBe('io server disconnect');

    await expect(troll.api.me()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
    await expect(troll.api.refresh(troll.auth.refreshToken)).rejects.toMatchObject({ status: 401 });
    await expect(new ChatApi({ baseUrl: server.url }).login(troll.auth.user.username, password)).rejects.toMatchObject({ status: 403, body: { code: 'ACCOUNT_BANNED' } });
    const retry = new RealtimeClient({ url: server.url, token: troll.auth.accessToken, socket: { reconnection: false } });
    await expect(retry.connected()).rejects.toBeTruthy();
    retry.close();

    await admin.request('DELETE', `/v1/admin/users/${troll.id}/ban`);
    await expect(admin.request('DELETE', `/v1/admin/users/${troll.id}/ban`)).rejects.toMatchObject({ status: 404, body: { code: 'BAN_NOT_FOUND' } });
    const back = await new ChatApi({ baseUrl: server.url }).login(troll.auth.user.username, password);
    expect(back.user.id).toBe(troll.id);
  });

  it('ends a timed ban by itself, and keeps a banned guest from logging in again as a guest', async () => {
    const guestName = uniqueName('guest');
    const guest = await new ChatApi({ baseUrl: server.url }).guest(guestName);
    await admin.request('POST', `/v1/admin/users/${guest.user.id}/ban`, { durationSeconds: 1 });
    await expect(new ChatApi({ baseUrl: server.url }).guest(guestName)).rejects.toMatchObject({ status: 403, body: { code: 'ACCOUNT_BANNED', message: expect.stringMatching(/until \d{4}-/) } });
    await sleep(1_100);
    await eventually(() => new ChatApi({ baseUrl: server.url }).guest(guestName), { timeoutMs: 3_000, intervalMs: 200 });
  });

  it('is for administrators only (GET /v1/me says who is one), never against an administrator, and refuses bad input with the contract error', async () => {
    const [someone, target] = await Promise.all([signUp(server.url), signUp(server.url)]);
    await expect(someone.api.request('POST', `/v1/admin/users/${target.id}/ban`, {})).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(someone.api.request('DELETE', `/v1/admin/users/${target.id}/ban`)).rejects.toMatchObject({ status: 403 });
    await expect(someone.api.request('GET', '/v1/admin/moderation-log')).rejects.toMatchObject({ status: 403 });
    await expect(admin.request('POST', `/v1/admin/users/${adminId}/ban`, {})).rejects.toMatchObject({ status: 403 });
    const otherAdmin = await new ChatApi({ baseUrl: server.url }).register(otherAdminName, 'Ops', password);
    await expect(admin.request('POST', `/v1/admin/users/${otherAdmin.user.id}/ban`, {})).rejects.toMatchObject({ status: 403, body: { message: 'Administrators cannot be banned' } });
    await expect(admin.request('POST', `/v1/admin/users/${randomUUID()}/ban`, {})).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    for (const body of [{ durationSeconds: 0 }, { durationSeconds: 'soon' }, { reason: 'x'.repeat(501) }, { reason: 7 }]) {
      await expect(admin.request('POST', `/v1/admin/users/${target.id}/ban`, body)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    await expect(admin.request('POST', '/v1/admin/users/not-a-uuid/ban', {})).rejects.toMatchObject({ status: 400 });
    expect(await target.api.me()).toMatchObject({ user: { id: target.id }, isAdmin: false });
    expect(await admin.me()).toMatchObject({ user: { id: adminId }, isAdmin: true });
  });

  it('lists the bans in force, newest first, a page at a time, for administrators only', async () => {
    const [first, lifted, last, someone] = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url), signUp(server.url)]);
    for (const user of [first, lifted, last]) await admin.banAccount(user.id, { reason: `bad ${user.auth.user.username}` });
    await admin.liftAccountBan(lifted.id);

    // Pages of one, to the end: whatever other bans the tenant has, each once and in order.
    const listed: BannedAccount[] = [];
    for (let before: string | undefined, hasMore = true; hasMore; before = listed.at(-1)!.userId) {
      const page = await admin.bannedAccounts({ before, limit: 1 });
      listed.push(...page.bans);
      hasMore = page.hasMore;
    }
    expect(new Set(listed.map((b) => b.userId)).size).toBe(listed.length);
    expect(listed.filter((b) => [first.id, lifted.id, last.id].includes(b.userId))).toEqual(
      [last, first].map((u) => ({ userId: u.id, displayName: u.auth.user.displayName, avatarUrl: null, reason: `bad ${u.auth.user.username}`, bannedAt: expect.any(String), bannedUntil: null })),
    );
    await expect(admin.bannedAccounts({ before: lifted.id })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(someone.api.bannedAccounts()).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('keeps one searchable log for the tenant: account bans beside every conversation’s actions', async () => {
    const [owner, member]: TestUser[] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'spammer')]);
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `tenant-log-${randomUUID().slice(0, 8)}` });
    await member.api.join(conversation.id);
    await owner.api.kick(conversation.id, member.id);
    await admin.request('POST', `/v1/admin/users/${member.id}/ban`, { reason: 'spam across channels', durationSeconds: 600 });

    const log = (query: string) => admin.request<{ entries: { action: string; conversationId: string | null; targetUserId: string | null }[] }>('GET', `/v1/admin/moderation-log?${query}`).then((r) => r.data.entries);
    expect(await log(`targetUserId=${member.id}`)).toEqual([
      expect.objectContaining({ action: 'account.banned', conversationId: null }),
      expect.objectContaining({ action: 'member.removed', conversationId: conversation.id }),
    ]);
    expect((await log('q=across%20channels')).map((e) => e.targetUserId)).toEqual([member.id]);
    expect((await log('action=account.unbanned&limit=1')).map((e) => e.action)).toEqual(['account.unbanned']);
    await expect(admin.request('GET', '/v1/admin/moderation-log?limit=201')).rejects.toMatchObject({ status: 400 });
  });

  it('makes no guest an administrator by name: a name in ADMIN_USERNAMES is refused as a guest login, whether registered yet or not', async () => {
    for (const name of [unregisteredAdminName, unregisteredAdminName.toUpperCase(), adminName]) {
      await expect(new ChatApi({ baseUrl: server.url }).guest(name)).rejects.toMatchObject({ status: 409, body: { code: 'USERNAME_TAKEN' } });
    }
    // Registered with a password, the listed name is an administrator.
    const other = new ChatApi({ baseUrl: server.url });
    await other.register(unregisteredAdminName, 'Keeper', password);
    expect((await other.me()).isAdmin).toBe(true);
  });
});
