import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChatApi } from '@chat/sdk';
import { startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';
import { Browser, codeOf, ssoLogin } from './sso-browser';
import { TestIdp } from './sso-idp';

const password = 'password-123';
const slugOf = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seed 003, requirement 13.4: single sign-on with OpenID Connect, provider claims mapped to tenants and roles. */
describe('single sign-on (OpenID Connect)', () => {
  let idp: TestIdp;
  let main: TestApp;
  let strict: TestApp;
  let strictTwin: TestApp;
  let off: TestApp;
  let operator: ChatApi;
  let acme: string;
  let globex: string;
  let acmeBoss: ChatApi;
  const operatorName = uniqueName('operator');

  beforeAll(async () => {
    idp = await TestIdp.start();
    main = await startTestApp(allInOne, {
      ...(await idp.appEnv()),
      TENANCY_MODE: 'multi',
      ADMIN_USERNAMES: operatorName,
      OIDC_DISPLAY_NAME: 'Acme ID',
      OIDC_TENANT_CLAIM: 'org',
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ADMIN_ROLES: 'chat-admins,owners',
    });
    // 3 s: short enough to wait out, long enough for a whole round trip through the provider on a loaded box (1 s was not).
    const strictEnv = { ...(await idp.appEnv()), OIDC_ROLES_CLAIM: 'groups', OIDC_ALLOWED_ROLES: 'chat-users', OIDC_STATE_TTL_SECONDS: '3', OIDC_LOGIN_CODE_TTL_SECONDS: '3' };
    strict = await startTestApp(allInOne, strictEnv);
    // A second process on the same database (and behind the same callback URL, on a port of its own): a login started on one finishes on the other.
    strictTwin = await startTestApp(allInOne, { ...strictEnv, PORT: '0', DATABASE_URL: strict.databaseUrl });
    off = await startTestApp(allInOne);
    await idp.admit([main, strict]);

    operator = new ChatApi({ baseUrl: main.url });
    await operator.register(operatorName, 'Operator', password);
    [acme, globex] = [slugOf('acme'), slugOf('globex')];
    await operator.createTenant({ slug: acme, name: 'Acme', admin: { username: 'boss', displayName: 'Boss', password } });
    await operator.createTenant({ slug: globex, name: 'Globex', admin: { username: 'boss', displayName: 'Boss', password } });
    acmeBoss = new ChatApi({ baseUrl: main.url, tenant: acme });
    await acmeBoss.login('boss', password);
  });
  afterAll(async () => {
    await idp?.close();
    for (const app of [main, strict, strictTwin, off]) await app?.close();
  });

  it('says whether SSO is on and what its button says; without OIDC_ISSUER_URL its routes answer SSO_NOT_CONFIGURED', async () => {
    expect(await new ChatApi({ baseUrl: main.url }).ssoInfo()).toEqual({ enabled: true, displayName: 'Acme ID', startPath: '/v1/auth/sso/start' });
    expect(await new ChatApi({ baseUrl: off.url }).ssoInfo()).toEqual({ enabled: false, displayName: null, startPath: null });
    const start = await fetch(`${off.url}/v1/auth/sso/start`, { redirect: 'manual' });
    expect(start.status).toBe(404);
    expect((await start.json()).error.code).toBe('SSO_NOT_CONFIGURED');
    await expect(new ChatApi({ baseUrl: off.url }).exchangeSsoCode('whatever')).rejects.toMatchObject({ status: 404, body: { code: 'SSO_NOT_CONFIGURED' } });
    const callback = await fetch(`${off.url}/v1/auth/sso/callback?state=x&code=y`, { redirect: 'manual' });
    expect(callback.headers.get('location')).toBe('/?sso_error=SSO_NOT_CONFIGURED');
  });

  it('logs a new person in through the code flow into the tenant their claim names, as an administrator while the provider says so, and demotes them when it stops', async () => {
    const sub = `alice-${randomUUID()}`;
    await idp.account(sub, { preferred_username: 'Alice Liddell!', name: 'Alice Liddell', email: 'alice@acme.example', org: acme, groups: ['staff', 'chat-admins'] });
    const browser = new Browser();
    const landing = await ssoLogin(main, sub, { returnTo: '/chat?room=1#top' }, browser);
    expect(landing.origin).toBe(main.url);
    expect(landing.pathname).toBe('/chat');
    expect(landing.searchParams.get('room')).toBe('1');
    expect(landing.hash).toBe('#top');
    expect(browser.cookie(main.url, 'chat_sso_state')).toBeUndefined(); // the callback cleared it

    const alice = new ChatApi({ baseUrl: main.url });
    const auth = await alice.exchangeSsoCode(codeOf(landing));
    expect(auth.user).toMatchObject({ username: 'Alice-Liddell', displayName: 'Alice Liddell', isGuest: false });
    expect(await alice.me()).toMatchObject({ user: { id: auth.user.id }, isAdmin: true });
    expect((await alice.tenant()).tenant.slug).toBe(acme);
    // Nobody can log in to it with a password: it has none.
    await expect(new ChatApi({ baseUrl: main.url, tenant: acme }).login('Alice-Liddell', 'password-123')).rejects.toMatchObject({ status: 401 });

    await idp.account(sub, { preferred_username: 'alice', name: 'Alice L.', org: acme, groups: 'staff' });
    const again = new ChatApi({ baseUrl: main.url });
    const second = await again.exchangeSsoCode(codeOf(await ssoLogin(main, sub)));
    expect(second.user.id).toBe(auth.user.id); // found by subject: same account, whatever the name says now
    expect(await again.me()).toMatchObject({ isAdmin: false });
    expect(await alice.me()).toMatchObject({ isAdmin: false }); // the role is the account's, so the first login lost it too

    await idp.account(sub, { org: acme, groups: 'owners' });
    await new ChatApi({ baseUrl: main.url }).exchangeSsoCode(codeOf(await ssoLogin(main, sub)));
    expect(await alice.me()).toMatchObject({ isAdmin: true });
  });

  it('uses the tenant the login started for when the provider names none, and the default tenant without either', async () => {
    const [bob, dora] = [`bob-${randomUUID()}`, `dora-${randomUUID()}`];
    await idp.account(bob, { email: 'bob.b@globex.example', groups: ['staff'] });
    await idp.account(dora, { preferred_username: 'd' });
    const inGlobex = new ChatApi({ baseUrl: main.url });
    expect((await inGlobex.exchangeSsoCode(codeOf(await ssoLogin(main, bob, { tenant: globex })))).user).toMatchObject({ username: 'bob.b', displayName: 'bob.b' });
    expect(await inGlobex.tenant()).toMatchObject({ tenant: { slug: globex } });
    expect(await inGlobex.me()).toMatchObject({ isAdmin: false });
    const inDefault = new ChatApi({ baseUrl: main.url });
    expect((await inDefault.exchangeSsoCode(codeOf(await ssoLogin(main, dora)))).user.username).toBe('d-sso');
    expect(await inDefault.tenant()).toMatchObject({ tenant: { slug: 'default' } });
  });

  it('makes an administrator of the default tenant when the provider says so, but never an operator of the server', async () => {
    const sub = `erin-${randomUUID()}`;
    await idp.account(sub, { org: 'default', groups: ['chat-admins'] });
    const erin = new ChatApi({ baseUrl: main.url });
    await erin.exchangeSsoCode(codeOf(await ssoLogin(main, sub)));
    expect(await erin.tenant()).toMatchObject({ tenant: { slug: 'default' } });
    expect(await erin.me()).toMatchObject({ isAdmin: true });
    // Operators see every tenant's dead letters and make tenants: only the accounts ADMIN_USERNAMES names.
    await expect(erin.request('GET', '/v1/admin/dead-letters')).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(erin.createTenant({ slug: `x-${randomUUID().slice(0, 8)}`, name: 'X', admin: { username: 'boss', displayName: 'Boss', password } })).rejects.toMatchObject({ status: 403 });
    expect((await operator.request('GET', '/v1/admin/dead-letters')).status).toBe(200);
  });

  it('makes no administrator of an organization the token does not name, whatever roles the provider gives, and takes no new account into one closed to registration', async () => {
    const mallory = `mallory-${randomUUID()}`;
    await idp.account(mallory, { groups: ['chat-admins'] });
    for (const tenant of [globex, undefined]) {
      const api = new ChatApi({ baseUrl: main.url });
      await api.exchangeSsoCode(codeOf(await ssoLogin(main, mallory, tenant ? { tenant } : {})));
      expect(await api.me()).toMatchObject({ isAdmin: false }); // neither globex's nor the server's (the default tenant)
    }

    await acmeBoss.updateTenant({ openRegistration: false });
    try {
      const eve = `eve-${randomUUID()}`;
      await idp.account(eve, { groups: ['staff'] });
      expect((await ssoLogin(main, eve, { tenant: acme })).searchParams.get('sso_error')).toBe('REGISTRATION_CLOSED');
      // The provider naming the organization is its word: that account is made.
      await idp.account(eve, { org: acme, groups: ['staff'] });
      expect(codeOf(await ssoLogin(main, eve))).toEqual(expect.any(String));
    } finally {
      await acmeBoss.updateTenant({ openRegistration: true });
    }
  });

  it('never links to a password account of the same name: the SSO account gets a free username of its own', async () => {
    const carolPassword = new ChatApi({ baseUrl: main.url, tenant: acme });
    const carol = await carolPassword.register('carol', 'Carol (password)', password);
    const sub = `carol-${randomUUID()}`;
    await idp.account(sub, { preferred_username: 'carol', name: 'Carol (SSO)', org: acme, groups: ['chat-admins'] });
    const viaSso = new ChatApi({ baseUrl: main.url });
    const auth = await viaSso.exchangeSsoCode(codeOf(await ssoLogin(main, sub)));
    expect(auth.user.id).not.toBe(carol.user.id);
    expect(auth.user.username).toBe('carol-2');
    expect(await carolPassword.me()).toMatchObject({ user: { id: carol.user.id, displayName: 'Carol (password)' }, isAdmin: false });
    expect((await new ChatApi({ baseUrl: main.url, tenant: acme }).login('carol', password)).user.id).toBe(carol.user.id);
  });

  it('erases the provider link with a deleted account: the next login through the provider starts a new account', async () => {
    const sub = `erin-${randomUUID()}`;
    await idp.account(sub, { preferred_username: 'erin', name: 'Erin', org: acme });
    const erin = new ChatApi({ baseUrl: main.url });
    const first = await erin.exchangeSsoCode(codeOf(await ssoLogin(main, sub)));
    // The link names the person at the provider: personal data the erasure must not leave behind.
    await erin.deleteAccount();
    expect(await main.app.get(DataSource).query(`SELECT 1 FROM sso_identities WHERE subject = $1 OR user_id = $2`, [sub, first.user.id])).toEqual([]);
    const again = new ChatApi({ baseUrl: main.url });
    const second = await again.exchangeSsoCode(codeOf(await ssoLogin(main, sub)));
    expect(second.user.id).not.toBe(first.user.id);
    expect(second.user).toMatchObject({ username: 'erin', displayName: 'Erin' });
    await expect(again.me()).resolves.toMatchObject({ user: { id: second.user.id } });
  });

  it('refuses a callback whose state is wrong, from another browser, replayed or answered with an error by the provider', async () => {
    const sub = `eve-${randomUUID()}`;
    await idp.account(sub, { org: acme });
    const browser = new Browser();
    const start = await browser.get(`${main.url}/v1/auth/sso/start`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const errorOf = async (query: string, from = browser) => new URL((await from.get(`${main.url}/v1/auth/sso/callback?${query}`)).headers.get('location')!, main.url).searchParams.get('sso_error');
    expect(await errorOf(`state=not-${state}&code=x`)).toBe('SSO_STATE_INVALID');
    expect(await errorOf(`state=${state}&code=x`, new Browser())).toBe('SSO_STATE_INVALID'); // no cookie: not the browser that started it
    expect(await errorOf('code=x')).toBe('SSO_STATE_INVALID');

    const denied = new Browser();
    const deniedState = new URL((await denied.get(`${main.url}/v1/auth/sso/start`)).headers.get('location')!).searchParams.get('state')!;
    expect(await errorOf(`state=${deniedState}&error=access_denied`, denied)).toBe('SSO_DENIED');

    // A finished callback cannot be played again, even with the cookie of the browser that finished it.
    let finished = { url: '', cookie: '' };
    const landing = await ssoLogin(main, sub, { onCallback: (url, cookie) => (finished = { url, cookie }) });
    expect(landing.searchParams.get('sso_code')).toBeTruthy();
    const replayer = new Browser();
    replayer.setCookie(main.url, 'chat_sso_state', finished.cookie);
    const replayed = new URL((await replayer.get(finished.url)).headers.get('location')!, main.url);
    expect(replayed.searchParams.get('sso_error')).toBe('SSO_STATE_INVALID');
    expect(replayed.searchParams.get('sso_code')).toBeNull();
  });

  it('refuses a replayed login code, and a returnTo that leaves the site', async () => {
    const sub = `frank-${randomUUID()}`;
    await idp.account(sub, { org: globex });
    const code = codeOf(await ssoLogin(main, sub));
    await new ChatApi({ baseUrl: main.url }).exchangeSsoCode(code);
    await expect(new ChatApi({ baseUrl: main.url }).exchangeSsoCode(code)).rejects.toMatchObject({ status: 401, body: { code: 'SSO_LOGIN_CODE_INVALID' } });
    await expect(new ChatApi({ baseUrl: main.url }).exchangeSsoCode('made-up')).rejects.toMatchObject({ status: 401, body: { code: 'SSO_LOGIN_CODE_INVALID' } });

    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/ok\r\nx']) {
      const response = await fetch(`${main.url}/v1/auth/sso/start?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
      expect({ returnTo, status: response.status }).toEqual({ returnTo, status: 400 });
      expect((await response.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'returnTo' })] });
    }
  });

  it('refuses an ID token changed after the provider signed it, creating nothing', async () => {
    const sub = `mallory-${randomUUID()}`;
    await idp.account(sub, { preferred_username: 'mallory', org: acme, groups: [] });
    await idp.tamper(true);
    try {
      expect((await ssoLogin(main, sub)).searchParams.get('sso_error')).toBe('SSO_ID_TOKEN_INVALID');
    } finally {
      await idp.tamper(false);
    }
    const links = await main.app.get(DataSource).query(`SELECT 1 FROM sso_identities WHERE subject = $1`, [sub]);
    expect(links).toEqual([]);
  });

  it('refuses a provider claim naming an unknown tenant, and a start naming one', async () => {
    const sub = `gina-${randomUUID()}`;
    await idp.account(sub, { org: 'no-such-tenant' });
    expect((await ssoLogin(main, sub)).searchParams.get('sso_error')).toBe('TENANT_NOT_FOUND');
    const start = await fetch(`${main.url}/v1/auth/sso/start?tenant=no-such-tenant`, { redirect: 'manual' });
    expect(start.status).toBe(404);
    expect((await start.json()).error.code).toBe('TENANT_NOT_FOUND');
  });

  it('refuses a banned account like password logins are', async () => {
    const sub = `hank-${randomUUID()}`;
    await idp.account(sub, { preferred_username: 'hank', org: acme });
    const hank = new ChatApi({ baseUrl: main.url });
    const auth = await hank.exchangeSsoCode(codeOf(await ssoLogin(main, sub)));
    await acmeBoss.request('POST', `/v1/admin/users/${auth.user.id}/ban`, { reason: 'spec' });
    expect((await ssoLogin(main, sub)).searchParams.get('sso_error')).toBe('ACCOUNT_BANNED');
  });

  describe('OIDC_ALLOWED_ROLES, OIDC_STATE_TTL_SECONDS and OIDC_LOGIN_CODE_TTL_SECONDS (3 s), on two processes sharing a database', () => {
    it('admits only people with an allowed role', async () => {
      const [outsider, member] = [`ivan-${randomUUID()}`, `judy-${randomUUID()}`];
      await idp.account(outsider, { groups: ['contractors'] });
      await idp.account(member, { groups: ['contractors', 'chat-users'] });
      expect((await ssoLogin(strict, outsider)).searchParams.get('sso_error')).toBe('SSO_ROLE_NOT_ALLOWED');
      expect(await strict.app.get(DataSource).query(`SELECT 1 FROM sso_identities WHERE subject = $1`, [outsider])).toEqual([]);
      expect((await new ChatApi({ baseUrl: strict.url }).exchangeSsoCode(codeOf(await ssoLogin(strict, member)))).user.username).toMatch(/^user(-\d+)?$/); // no name claims at all
    });

    it('finishes a login on another process than the one that started it', async () => {
      const sub = `kim-${randomUUID()}`;
      await idp.account(sub, { preferred_username: 'kim', groups: ['chat-users'] });
      const landing = await ssoLogin(strict, sub, { callbackOn: strictTwin });
      const api = new ChatApi({ baseUrl: strict.url });
      expect((await api.exchangeSsoCode(codeOf(landing))).user.username).toBe('kim');
    });

    it('refuses a login finished after its state expired, and a login code exchanged after it expired', async () => {
      const sub = `liam-${randomUUID()}`;
      await idp.account(sub, { groups: ['chat-users'] });
      expect((await ssoLogin(strict, sub, { delayMs: 3_500 })).searchParams.get('sso_error')).toBe('SSO_STATE_INVALID');
      const code = codeOf(await ssoLogin(strict, sub));
      await sleep(3_500);
      await expect(new ChatApi({ baseUrl: strictTwin.url }).exchangeSsoCode(code)).rejects.toMatchObject({ status: 401, body: { code: 'SSO_LOGIN_CODE_INVALID' } });
    });
  });
});
