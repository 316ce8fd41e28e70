import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { MainService, TOKEN } from './main-service';
import { codeOf, ssoLogin } from './sso-browser';
import { TestIdp } from './sso-idp';

/** Seed 004 R3, R9, R10, R11.1: names and avatars come from the main service by batch calls, cached, stale while it is down, refreshed on its notices. */
describe('profiles from the main service', () => {
  let idp: TestIdp;
  let main: MainService;
  let app: TestApp;
  let refreshing: TestApp;
  let off: TestApp;

  /** Logs `sub` in through SSO on `server`: the account as the exchange answers it, and its API. */
  async function ssoUser(server: TestApp, sub: string): Promise<{ api: ChatApi; id: string; user: Awaited<ReturnType<ChatApi['exchangeSsoCode']>>['user'] }> {
    const api = new ChatApi({ baseUrl: server.url });
    const { user } = await api.exchangeSsoCode(codeOf(await ssoLogin(server, sub)));
    return { api, id: user.id, user };
  }

  const notify = (server: TestApp, body: unknown, authorization: string | null = `Bearer ${TOKEN}`) =>
    fetch(`${server.url}/v1/internal/profile-updates`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
  const failures = async (server: TestApp, reason: string) =>
    Number((await (await fetch(`${server.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(`chat_profile_source_failures_total{reason="${reason}"}`))?.split(' ')[1] ?? 0);

  beforeAll(async () => {
    idp = await TestIdp.start();
    main = await MainService.start();
    const source = { PROFILE_SOURCE_URL: main.url, PROFILE_SOURCE_TOKEN: TOKEN, PROFILE_SOURCE_TIMEOUT_MS: '500' };
    // The default 24 h cache and no periodic refresh: every fetch here is a login's or a notice's.
    app = await startTestApp(allInOne, { ...(await idp.appEnv()), ...source, PROFILE_SOURCE_BATCH_MAX: '3', PROFILE_REFRESH_INTERVAL_SECONDS: '0' });
    // A 1 s cache and a pass every second: the refresher's work shows within seconds.
    refreshing = await startTestApp(allInOne, { ...(await idp.appEnv()), ...source, PROFILE_CACHE_TTL_SECONDS: '1', PROFILE_REFRESH_INTERVAL_SECONDS: '1' });
    off = await startTestApp(allInOne, await idp.appEnv());
    await idp.admit([app, refreshing, off]);
  });
  afterAll(async () => {
    await idp?.close();
    for (const server of [app, refreshing, off]) await server?.close();
    await main?.close();
  });

  it('an SSO login takes the name and avatar the main service has for its subject, over the provider’s claims', async () => {
    const sub = randomUUID();
    await idp.account(sub, { name: 'Claimed Name', preferred_username: 'ann' });
    main.set(sub, 'Ann Main', 'https://cdn.example/ann.png');
    const ann = await ssoUser(app, sub);
    expect(ann.user).toMatchObject({ displayName: 'Ann Main', avatarUrl: 'https://cdn.example/ann.png' });
    expect(main.calls.find((c) => c.ids.includes(sub))).toEqual({ ids: [sub], authorization: `Bearer ${TOKEN}` });
    expect((await ann.api.me()).user).toMatchObject({ displayName: 'Ann Main', avatarUrl: 'https://cdn.example/ann.png' });

    // A person the main service does not know keeps the name the provider gave.
    const stranger = randomUUID();
    await idp.account(stranger, { name: 'Only Claimed', preferred_username: 'only' });
    expect((await ssoUser(app, stranger)).user).toMatchObject({ displayName: 'Only Claimed', avatarUrl: null });
  });

  it('deleting the account erases its avatar with its name, and a notice for its subject then changes nothing', async () => {
    const sub = randomUUID();
    await idp.account(sub, { name: 'Gone Soon', preferred_username: 'gone' });
    main.set(sub, 'Gone Main', 'https://cdn.example/gone.png');
    const gone = await ssoUser(app, sub);
    expect(gone.user.avatarUrl).toBe('https://cdn.example/gone.png');
    await gone.api.deleteAccount();
    const row = async () => (await app.app.get(DataSource).query(`SELECT display_name AS "displayName", avatar_url AS "avatarUrl" FROM users WHERE id = $1`, [gone.id]))[0];
    expect(await row()).toEqual({ displayName: 'Deleted user', avatarUrl: null });
    expect(await (await notify(app, { ids: [sub] })).json()).toEqual({ fetched: 1, accountsUpdated: 0 });
    expect(await row()).toEqual({ displayName: 'Deleted user', avatarUrl: null });
  });

  it('a subject fetched within PROFILE_CACHE_TTL_SECONDS is not fetched again at its next login', async () => {
    const sub = randomUUID();
    await idp.account(sub, { name: 'Cathy', preferred_username: 'cathy' });
    main.set(sub, 'Cathy Main', null);
    const first = await ssoUser(app, sub);
    main.set(sub, 'Cathy Renamed', null);
    const second = await ssoUser(app, sub);
    expect(second.id).toBe(first.id);
    expect(main.callsFor(sub)).toBe(1);
    expect(second.user.displayName).toBe('Cathy Main');
  });

  describe('profile-update notices (POST /v1/internal/profile-updates)', () => {
    let partner: TestUser;
    let dan: { api: ChatApi; id: string };
    let danSub: string;
    let conversationId: string;

    beforeAll(async () => {
      danSub = randomUUID();
      await idp.account(danSub, { name: 'Dan', preferred_username: 'dan' });
      main.set(danSub, 'Dan Main', null);
      dan = await ssoUser(app, danSub);
      partner = await signUp(app.url, 'partner');
      conversationId = (await partner.api.createConversation({ type: 'direct', memberIds: [dan.id] })).conversation.id;
    });

    it('drops the subjects’ entries and fetches them again at once, in one batch call; partners get user.updated with the avatar', async () => {
      const socket = await connect(app.url, partner.auth.accessToken);
      try {
        await socket.request('conversation.join', { conversationId });
        const frames = record(socket, 'user.updated');
        main.set(danSub, 'Dan Updated', 'https://cdn.example/dan.webp');
        const unknown = randomUUID();
        const callsBefore = main.calls.length;
        const answer = await notify(app, { ids: [danSub, unknown] });
        expect(answer.status).toBe(200);
        expect(await answer.json()).toEqual({ fetched: 1, accountsUpdated: 1 });
        expect(main.calls.slice(callsBefore)).toEqual([{ ids: [danSub, unknown], authorization: `Bearer ${TOKEN}` }]);
        await frames.waitFor(1);
        expect(frames.frames[0]).toMatchObject({ userId: dan.id, displayName: 'Dan Updated', avatarUrl: 'https://cdn.example/dan.webp' });
        const { members } = await partner.api.getConversation(conversationId);
        expect(members.find((m) => m.userId === dan.id)).toMatchObject({ displayName: 'Dan Updated', avatarUrl: 'https://cdn.example/dan.webp' });
        expect((await partner.api.findUsers({ q: 'Dan Upd' })).users).toEqual([expect.objectContaining({ id: dan.id, avatarUrl: 'https://cdn.example/dan.webp' })]);

        // The same profile again changes nothing and tells nobody.
        expect(await (await notify(app, { ids: [danSub] })).json()).toEqual({ fetched: 1, accountsUpdated: 0 });
        // An avatar that is not an http(s) URL is ignored: the account keeps its picture, and takes the new name.
        main.set(danSub, 'Dan Again', 'javascript:alert(1)');
        expect(await (await notify(app, { ids: [danSub] })).json()).toEqual({ fetched: 1, accountsUpdated: 1 });
        await frames.waitFor(2);
        await sleep(200);
        expect(frames.frames.map((f) => [f.displayName, f.avatarUrl])).toEqual([
          ['Dan Updated', 'https://cdn.example/dan.webp'],
          ['Dan Again', 'https://cdn.example/dan.webp'],
        ]);
        // No avatar any more at the main service: none here either.
        main.set(danSub, 'Dan Again', null);
        await notify(app, { ids: [danSub] });
        await frames.waitFor(3);
        expect(frames.frames[2]).toMatchObject({ userId: dan.id, displayName: 'Dan Again', avatarUrl: null });
      } finally {
        socket.close();
      }
    });

    it('while the main service is down, accounts keep their stale profile, the notice answers 503, and SSO logins still work', async () => {
      const before = await failures(app, 'status');
      main.set(danSub, 'Dan While Down', 'https://cdn.example/down.png');
      main.mode = 'error';
      try {
        const answer = await notify(app, { ids: [danSub] });
        expect(answer.status).toBe(503);
        expect((await answer.json()).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('(status)') });
        expect(await failures(app, 'status')).toBe(before + 1);
        // The notice dropped the entry, so this login asks again, gets nothing, and logs in with what the account had.
        const callsBefore = main.callsFor(danSub);
        const again = await ssoUser(app, danSub);
        expect(main.callsFor(danSub)).toBe(callsBefore + 1);
        expect(again.user).toMatchObject({ id: dan.id, displayName: 'Dan Again', avatarUrl: null });

        // A service that does not answer at all is given PROFILE_SOURCE_TIMEOUT_MS (500 ms), then the login goes on.
        main.mode = 'hang';
        const started = Date.now();
        expect((await ssoUser(app, danSub)).user.displayName).toBe('Dan Again');
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(await failures(app, 'timeout')).toBeGreaterThanOrEqual(1);
      } finally {
        main.mode = 'up';
      }
      // Back up: the next login (the entry is still stale) takes the profile.
      expect((await ssoUser(app, danSub)).user).toMatchObject({ displayName: 'Dan While Down', avatarUrl: 'https://cdn.example/down.png' });
    });

    it('refuses a notice without the service token, or with a body that is not 1..PROFILE_SOURCE_BATCH_MAX subject ids, with the contract’s errors', async () => {
      for (const authorization of [null, 'Bearer wrong-token-0123456789abc', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
        const answer = await notify(app, { ids: [danSub] }, authorization);
        expect(answer.status).toBe(401);
        expect((await answer.json()).error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'A profile-update notice needs the service token', requestId: expect.any(String) });
      }
      const refusals: [unknown, string][] = [
        [{}, 'ids must be an array of subject ids'],
        [{ ids: danSub }, 'ids must be an array of subject ids'],
        [{ ids: [] }, 'ids must name at least one subject'],
        [{ ids: ['a', 'b', 'c', 'd'] }, 'ids must name at most 3 subjects (PROFILE_SOURCE_BATCH_MAX); split the notice'],
        [{ ids: ['a', 7] }, 'ids [1] must be a non-empty string of at most 255 characters'],
        [{ ids: ['  '] }, 'ids [0] must be a non-empty string of at most 255 characters'],
        [{ ids: ['x'.repeat(256)] }, 'ids [0] must be a non-empty string of at most 255 characters'],
        [[danSub], 'ids must be an array of subject ids'],
      ];
      const callsBefore = main.calls.length;
      for (const [body, problem] of refusals) {
        const answer = await notify(app, body);
        expect(answer.status).toBe(400);
        expect((await answer.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', message: `Invalid input: ${problem}` });
      }
      expect(main.calls.length).toBe(callsBefore);
      // Three ids are within PROFILE_SOURCE_BATCH_MAX.
      expect((await notify(app, { ids: [randomUUID(), randomUUID(), danSub] })).status).toBe(200);
    });

    it('answers 404 PROFILE_SOURCE_NOT_CONFIGURED where no PROFILE_SOURCE_URL is set, token or not', async () => {
      for (const authorization of [`Bearer ${TOKEN}`, null]) {
        const answer = await notify(off, { ids: [danSub] }, authorization);
        expect(answer.status).toBe(404);
        expect((await answer.json()).error).toMatchObject({ code: 'PROFILE_SOURCE_NOT_CONFIGURED' });
      }
    });
  });

  it('the refresher fetches active accounts’ stale profiles every PROFILE_REFRESH_INTERVAL_SECONDS, and keeps them stale while the main service is down', async () => {
    const sub = randomUUID();
    await idp.account(sub, { name: 'Eve', preferred_username: 'eve' });
    main.set(sub, 'Eve Main', null);
    const eve = await ssoUser(refreshing, sub);
    expect(eve.user.displayName).toBe('Eve Main');

    main.set(sub, 'Eve Refreshed', 'https://cdn.example/eve.png');
    await eventually(async () => expect((await eve.api.me()).user).toMatchObject({ displayName: 'Eve Refreshed', avatarUrl: 'https://cdn.example/eve.png' }), { timeoutMs: 10_000, intervalMs: 200 });

    const before = await failures(refreshing, 'status');
    main.mode = 'error';
    try {
      main.set(sub, 'Eve Unseen', null);
      const callsBefore = main.callsFor(sub);
      await eventually(async () => expect(main.callsFor(sub)).toBeGreaterThanOrEqual(callsBefore + 2), { timeoutMs: 10_000, intervalMs: 200 });
      expect(await failures(refreshing, 'status')).toBeGreaterThanOrEqual(before + 2);
      expect((await eve.api.me()).user).toMatchObject({ displayName: 'Eve Refreshed', avatarUrl: 'https://cdn.example/eve.png' });
    } finally {
      main.mode = 'up';
    }
    await eventually(async () => expect((await eve.api.me()).user).toMatchObject({ displayName: 'Eve Unseen', avatarUrl: null }), { timeoutMs: 10_000, intervalMs: 200 });

    // A logged-out account is not active: nobody refreshes it.
    await eve.api.logout();
    await sleep(1_500); // a pass that may have started before the logout
    const callsAfterLogout = main.callsFor(sub);
    await sleep(3_000);
    expect(main.callsFor(sub)).toBe(callsAfterLogout);
  });
});
