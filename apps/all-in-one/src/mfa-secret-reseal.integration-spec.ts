import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MfaSecretResealJob, TotpSecretSeal, base32Decode, base32Encode, ownerOf, resolveMfaSecretKeys, totpCode } from '@chat/identity';
import { ChatApi } from '@chat/sdk';
import { controlClock, eventually, startTestApp, uniqueName, whileLocked, type TestApp, type TestClock } from '@chat/testing';
import { allInOne } from './definition';

const STEP_MS = 30_000;
const PASSWORD = 'password-123';
// MFA_SECRET_KEY set after secrets were sealed with the key derived from JWT_SECRET: the derived key is the earlier one.
// Pages of two rows, so a pass reads several.
const ENV = { MFA_SECRET_KEY: randomBytes(32).toString('hex'), MFA_RESEAL_BATCH_SIZE: '2', TENANCY_MODE: 'multi', TENANT_SELF_SERVICE: 'true' };

interface Enrolled {
  api: ChatApi;
  username: string;
  tenant: string;
  id: string;
  tenantId: string;
  secret: string;
}

/** MfaSecretResealJob: stored TOTP secrets move to the sealing key at start-up, without waiting for each account's next login. */
describe('re-sealing stored TOTP secrets', () => {
  let server: TestApp;
  let clock: TestClock;

  beforeAll(async () => {
    server = await startTestApp(allInOne, ENV);
    clock = controlClock(server.app);
  });
  afterAll(() => server?.close());

  const db = () => server.app.get(DataSource);
  const job = () => server.app.get(MfaSecretResealJob);
  /** Opens only what is sealed with the key in force. */
  const current = () => new TotpSecretSeal(resolveMfaSecretKeys(server.config).slice(0, 1));
  /** The key derived from JWT_SECRET, which sealed secrets before MFA_SECRET_KEY was set. */
  const earlier = () => new TotpSecretSeal(resolveMfaSecretKeys(server.config).slice(1));
  const codeAt = (secret: string, ms: number) => totpCode(base32Decode(secret), Math.floor(ms / STEP_MS));

  /** Stops the app and starts it again on the same database with `env`, its clock where the last one was. */
  const restart = async (env: Record<string, string>) => {
    const now = clock.now();
    await server.close();
    server = await startTestApp(allInOne, { ...env, DATABASE_URL: server.databaseUrl });
    clock = controlClock(server.app);
    clock.advance(now - clock.now());
  };
  const stored = async (user: Enrolled): Promise<string | null> => (await db().query('SELECT mfa_secret FROM users WHERE id = $1', [user.id]))[0].mfa_secret;
  const store = (user: Enrolled, value: string | null) => db().query('UPDATE users SET mfa_secret = $2 WHERE id = $1', [user.id, value]);

  /** A new account with two-step login on (or only enrolled, pending its first code): in the default tenant, or the first administrator of a new one. */
  const enrolled = async (prefix: string, { confirm = true, newTenant = false } = {}): Promise<Enrolled> => {
    const username = uniqueName(prefix);
    const tenant = newTenant ? `t-${randomUUID().slice(0, 8)}` : 'default';
    const api = new ChatApi({ baseUrl: server.url, tenant });
    const auth = newTenant
      ? (await api.createTenant({ slug: tenant, name: tenant, admin: { username, displayName: username, password: PASSWORD } })).auth
      : await api.register(username, username, PASSWORD);
    api.accessToken = auth.accessToken;
    const { secret } = await api.enrolMfa();
    if (confirm) await api.confirmMfa(codeAt(secret, clock.now()));
    const [{ tenant_id: tenantId }] = await db().query('SELECT tenant_id FROM users WHERE id = $1', [auth.user.id]);
    return { api, username, tenant, id: auth.user.id, tenantId, secret };
  };
  const login = (user: Enrolled) =>
    new ChatApi({ baseUrl: server.url, tenant: user.tenant }).request('POST', '/v1/auth/login', { username: user.username, password: PASSWORD, mfaCode: codeAt(user.secret, clock.now()) });
  const expectSealedWithCurrentKey = async (user: Enrolled) => {
    const value = (await stored(user))!;
    expect(value).toMatch(/^v1:/);
    expect(current().open(value, ownerOf({ tenantId: user.tenantId, id: user.id }))).toEqual({ secret: user.secret, stale: false });
  };

  it('seals plaintext and earlier-key secrets, in force or pending, of every tenant; skips and logs an unreadable one; leaves current ones alone', async () => {
    const plaintext = await enrolled('plaintext');
    await store(plaintext, plaintext.secret);
    const sealedEarlier = await enrolled('earlier');
    await store(sealedEarlier, earlier().seal(sealedEarlier.secret, ownerOf({ tenantId: sealedEarlier.tenantId, id: sealedEarlier.id })));
    const pending = await enrolled('pending', { confirm: false });
    await store(pending, pending.secret);
    const elsewhere = await enrolled('elsewhere', { newTenant: true });
    await store(elsewhere, elsewhere.secret);
    const upToDate = await enrolled('current');
    const upToDateValue = await stored(upToDate);
    const lost = await enrolled('lost');
    const lostValue = new TotpSecretSeal([randomBytes(32)]).seal(lost.secret, ownerOf({ tenantId: lost.tenantId, id: lost.id }));
    await store(lost, lostValue);

    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      expect(await job().run()).toEqual({ sealed: 4, unreadable: 1, changed: 0 });
      const unreadable = errors.mock.calls.filter(([line]) => (line as { event?: string })?.event === 'mfa.secret.unreadable');
      expect(unreadable).toEqual([[{ event: 'mfa.secret.unreadable', tenantId: lost.tenantId, userId: lost.id }, expect.any(String)]]);
      expect(JSON.stringify(unreadable)).not.toContain(lostValue);
      expect(JSON.stringify(unreadable)).not.toContain(lost.secret);
    } finally {
      errors.mockRestore();
    }

    for (const user of [plaintext, sealedEarlier, pending, elsewhere]) await expectSealedWithCurrentKey(user);
    expect(await stored(upToDate)).toBe(upToDateValue);
    expect(await stored(lost)).toBe(lostValue);

    // The codes of the authenticator apps still pass: at login, and to confirm the pending enrolment.
    clock.advance(2 * STEP_MS);
    for (const user of [plaintext, sealedEarlier, elsewhere]) await expect(login(user)).resolves.toBeTruthy();
    await pending.api.confirmMfa(codeAt(pending.secret, clock.now()));
    expect((await pending.api.me()).mfaEnabled).toBe(true);

    // Nothing left to move but the row no key opens, which is no reason to keep an old key: 0 remaining.
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    try {
      expect(await job().run()).toEqual({ sealed: 0, unreadable: 1, changed: 0 });
      expect(warnings.mock.calls.find(([line]) => (line as { event?: string })?.event === 'mfa.secrets.resealed')?.[0]).toMatchObject({ remaining: 0, unreadable: 1 });
    } finally {
      warnings.mockRestore();
    }
    await store(lost, null);
  });

  it('leaves a row that changed after the pass read it (the compare-and-set loses, the newer value stays)', async () => {
    const user = await enrolled('racing');
    await store(user, user.secret);
    const enrolledAgain = current().seal(base32Encode(randomBytes(20)), ownerOf({ tenantId: user.tenantId, id: user.id }));
    // The newer value is written, uncommitted, before the pass reads: it reads the plaintext and waits on the row to write.
    const { pass } = await whileLocked(server.databaseUrl, 'UPDATE users SET mfa_secret = $2 WHERE id = $1', [user.id, enrolledAgain], async () => {
      const pass = job().run();
      await eventually(async () => {
        const [{ waiting }] = await db().query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE users SET mfa_secret%'`);
        expect(waiting).toBe(1);
      });
      return { pass };
    });
    expect(await pass).toEqual({ sealed: 0, unreadable: 0, changed: 1 });
    expect(await stored(user)).toBe(enrolledAgain);
  });

  it('is done by one replica while another holds its lock, and two passes at once seal each row once', async () => {
    const users = [await enrolled('replica-a'), await enrolled('replica-b'), await enrolled('replica-c')];
    for (const user of users) await store(user, user.secret);

    expect(await whileLocked(server.databaseUrl, `SELECT pg_advisory_lock(hashtext('mfa-secret-reseal'))`, [], () => job().run())).toBeNull();
    for (const user of users) expect(await stored(user)).toBe(user.secret);

    const outcomes = await Promise.all([job().run(), job().run()]);
    expect(outcomes.reduce((sum, outcome) => sum + (outcome?.sealed ?? 0), 0)).toBe(users.length);
    for (const user of users) await expectSealedWithCurrentKey(user);
  });

  it('runs by itself when the app starts', async () => {
    const user = await enrolled('asleep');
    await store(user, user.secret);
    await restart(ENV);
    await eventually(() => expectSealedWithCurrentKey(user));
  });

  it('rotates MFA_SECRET_KEY: the old key, moved to MFA_SECRET_KEYS_PREVIOUS, opens its rows until the pass has moved them, then can go', async () => {
    const loggedIn = await enrolled('rotated-login');
    const asleep = await enrolled('rotated-asleep');
    const sealedWithOld = await stored(asleep);
    // Previous keys: one from a rotation before, then the one just replaced.
    const rotated = { ...ENV, MFA_SECRET_KEY: randomBytes(32).toString('base64'), MFA_SECRET_KEYS_PREVIOUS: `${randomBytes(32).toString('hex')}, ${ENV.MFA_SECRET_KEY}` };

    // Another replica holds the pass's lock, so the rows are still sealed with the old key when the login comes.
    await whileLocked(server.databaseUrl, `SELECT pg_advisory_lock(hashtext('mfa-secret-reseal'))`, [], async () => {
      await restart(rotated);
      clock.advance(2 * STEP_MS);
      await expect(login(loggedIn)).resolves.toBeTruthy();
    });
    await expectSealedWithCurrentKey(loggedIn);
    expect(await stored(asleep)).toBe(sealedWithOld);

    expect(await job().run()).toMatchObject({ unreadable: 0, changed: 0 });
    await expectSealedWithCurrentKey(asleep);
    // The log line the operator waits for: nothing remaining.
    expect(await job().run()).toEqual({ sealed: 0, unreadable: 0, changed: 0 });

    await restart({ ...ENV, MFA_SECRET_KEY: rotated.MFA_SECRET_KEY });
    clock.advance(2 * STEP_MS);
    for (const user of [loggedIn, asleep]) await expect(login(user)).resolves.toBeTruthy();
  });
});
