import { DataSource } from 'typeorm';
import { base32Decode, totpCode } from '@chat/identity';
import { RATE_LIMITER, type InMemoryRateLimiter } from '@chat/platform';
import { controlClock, signUp, startTestApp, uniqueName, type TestApp, type TestClock } from '@chat/testing';
import { allInOne } from './definition';

const FAILURES_MAX = 3;
const ACCOUNT_FAILURES_MAX = 5;
const WINDOW_SECONDS = 900;
const STEP_MS = 30_000;

interface Answer {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfter: string | null;
}

/**
 * Seed 003 req. 11.6: limits on password guesses per username and address and per username from
 * everywhere, and on two-step code guesses per account, on top of the per-address one. The test
 * app believes loopback proxies, so `X-Forwarded-For` gives each request the address it names;
 * requests without it come from the address every account here signed up from.
 */
describe('account lockout after failed logins', () => {
  let server: TestApp;
  let clock: TestClock;
  /** The embedded rate limiter's time (it keeps its own, apart from CLOCK): held still, so argon2's pace on a busy machine cannot refill a bucket. */
  let limiterNow = Date.now();
  const passTime = (ms: number) => {
    limiterNow += ms;
    clock.advance(ms);
  };

  beforeAll(async () => {
    server = await startTestApp(allInOne, {
      LOGIN_FAILURES_MAX: String(FAILURES_MAX),
      LOGIN_ACCOUNT_FAILURES_MAX: String(ACCOUNT_FAILURES_MAX),
      LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      // The locks alone: login challenges (which come before them) are login-challenges.integration-spec.ts's.
      LOGIN_CHALLENGE_AFTER_FAILURES: '0',
      TRUST_PROXY: 'loopback',
    });
    clock = controlClock(server.app);
    Object.assign(server.app.get<InMemoryRateLimiter>(RATE_LIMITER, { strict: false }), { now: () => limiterNow });
  });
  afterAll(() => server?.close());

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer & { data: Record<string, unknown> }> => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
    const error = data.error as { code?: string; message?: string } | undefined;
    return { status: res.status, code: error?.code, message: error?.message, retryAfter: res.headers.get('retry-after'), data };
  };
  const login = (username: string, password: string, mfaCode?: string) => post('/v1/auth/login', { username, password, mfaCode });
  const loginFrom = (address: string, username: string, password: string) => post('/v1/auth/login', { username, password }, { 'x-forwarded-for': address });
  const shape = ({ status, code, message }: Answer) => ({ status, code, message });
  const lockEntries = async (action = 'auth.account-locked'): Promise<{ actor_id: string | null; details: Record<string, unknown> }[]> =>
    server.app.get(DataSource).query(`SELECT actor_id, details FROM audit_log WHERE action = $1 ORDER BY id`, [action]);
  const codeAt = (secret: string, ms: number) => totpCode(base32Decode(secret), Math.floor(ms / STEP_MS));

  it('refuses even the right password from an address that had too many wrong ones, until the window passes; other addresses still get in', async () => {
    const user = await signUp(server.url, 'guessed');
    const name = user.auth.user.username;
    const guesser = '203.0.113.1';
    const before = (await lockEntries('auth.address-locked')).length;
    const wrong: Answer[] = [];
    for (let i = 0; i < FAILURES_MAX; i++) wrong.push(await loginFrom(guesser, name, 'not-the-password'));
    expect(wrong.map(shape)).toEqual(Array(FAILURES_MAX).fill({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' }));

    const refused = await loginFrom(guesser, name, 'password-123');
    expect(shape(refused)).toEqual({ status: 429, code: 'RATE_LIMITED', message: 'Too many failed attempts for this account' });
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter).toBe(WINDOW_SECONDS);
    // The name as the account knows it: another spelling of it is the same account.
    expect((await loginFrom(guesser, name.toUpperCase(), 'password-123')).status).toBe(429);
    // The owner, even on an address the account never logged in from, is not held out by the guesser.
    expect((await loginFrom('198.51.100.2', name, 'password-123')).status).toBe(200);

    const entries = (await lockEntries('auth.address-locked')).slice(before);
    expect(entries).toEqual([{ actor_id: user.id, details: { secret: 'password', failures: FAILURES_MAX, lockedForSeconds: WINDOW_SECONDS, username: name, address: guesser } }]);

    passTime((WINDOW_SECONDS - 60) * 1000);
    expect(await loginFrom(guesser, name, 'password-123')).toMatchObject({ status: 429, retryAfter: '60' });
    passTime(60_000);
    expect((await loginFrom(guesser, name, 'password-123')).status).toBe(200);
  }, 60_000);

  it('refuses a username guessed from many addresses to every address it never logged in from, not to its owner', async () => {
    const user = await signUp(server.url, 'targeted');
    const name = user.auth.user.username;
    const guessers = ['203.0.113.10', '203.0.113.11', '203.0.113.12'];
    // Each address stays under its own limit; together they pass the username's.
    const spread = Array.from({ length: ACCOUNT_FAILURES_MAX }, (_, i) => guessers[i % guessers.length]);
    for (const address of spread) expect((await loginFrom(address, name, 'not-the-password')).status).toBe(401);

    const stranger = await loginFrom('203.0.113.99', name, 'password-123');
    expect(shape(stranger)).toEqual({ status: 429, code: 'RATE_LIMITED', message: 'Too many failed attempts for this account' });
    expect(stranger.retryAfter).toBe(String(WINDOW_SECONDS));
    expect((await loginFrom(guessers[0], name, 'password-123')).status).toBe(429);
    // The address the account signed up from has its login on record: its owner gets in, twice.
    expect((await login(name, 'password-123')).status).toBe(200);
    expect((await login(name, 'password-123')).status).toBe(200);
    expect((await lockEntries()).filter((e) => e.actor_id === user.id)).toEqual([
      { actor_id: user.id, details: { secret: 'password', failures: ACCOUNT_FAILURES_MAX, lockedForSeconds: WINDOW_SECONDS, username: name } },
    ]);
    // The owner's success cleared nothing of the strangers' count: a new address waits out the window.
    expect((await loginFrom('203.0.113.98', name, 'password-123')).status).toBe(429);
    passTime(WINDOW_SECONDS * 1000);
    expect((await loginFrom('203.0.113.98', name, 'password-123')).status).toBe(200);
  }, 60_000);

  it('counts an IPv6 address by its /64, for the guesser and for the owner whose address changed within it', async () => {
    const user = await signUp(server.url, 'sixer');
    const name = user.auth.user.username;
    // The owner logs in once from home, then the phone picks another address in the same /64.
    expect((await loginFrom('2001:db8:9:9::1', name, 'password-123')).status).toBe(200);

    for (let i = 0; i < FAILURES_MAX; i++) expect((await loginFrom(`2001:db8:1:2::${i + 10}`, name, 'not-the-password')).status).toBe(401);
    expect((await loginFrom('2001:db8:1:2:ffff::1', name, 'password-123')).status).toBe(429);
    expect((await loginFrom('2001:db8:1:3::1', name, 'not-the-password')).status).toBe(401);

    // Other networks pass the username's count: strangers are refused, the owner's network is not.
    for (let i = FAILURES_MAX + 1; i < ACCOUNT_FAILURES_MAX; i++) expect((await loginFrom(`2001:db8:${i}::1`, name, 'not-the-password')).status).toBe(401);
    expect((await loginFrom('2001:db8:77::1', name, 'password-123')).status).toBe(429);
    expect((await loginFrom('2001:db8:9:9:a1b2:c3d4:e5f6:1234', name, 'password-123')).status).toBe(200);
  }, 60_000);

  it('answers a username nobody has exactly as one that exists, lock included', async () => {
    const user = await signUp(server.url, 'real');
    const nobody = uniqueName('nobody');
    const answers = async (username: string, password: string) => {
      const all: Answer[] = [];
      for (let i = 0; i < FAILURES_MAX; i++) all.push(await loginFrom('203.0.113.50', username, 'not-the-password'));
      return [...all, await loginFrom('203.0.113.50', username, password)];
    };
    const [known, unknown] = [await answers(user.auth.user.username, 'password-123'), await answers(nobody, 'password-123')];
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expect(unknown[FAILURES_MAX].status).toBe(429);
    expect(unknown[FAILURES_MAX].retryAfter).toBe(known[FAILURES_MAX].retryAfter);
    const entries = await lockEntries('auth.address-locked');
    expect(entries.filter((e) => e.details.username === nobody)).toEqual([
      { actor_id: null, details: { secret: 'password', failures: FAILURES_MAX, lockedForSeconds: WINDOW_SECONDS, username: nobody, address: '203.0.113.50' } },
    ]);
  }, 60_000);

  it('clears the address’s failures at a successful login from it', async () => {
    const user = await signUp(server.url, 'forgetful');
    const name = user.auth.user.username;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < FAILURES_MAX - 1; i++) expect((await login(name, 'not-the-password')).status).toBe(401);
      expect((await login(name, 'password-123')).status).toBe(200);
    }
  }, 60_000);

  it('locks the account after too many wrong two-step codes, at login and for sensitive actions alike', async () => {
    const user = await signUp(server.url, 'twostep');
    const name = user.auth.user.username;
    const { secret } = await user.api.enrolMfa();
    await user.api.confirmMfa(codeAt(secret, clock.now()));
    clock.advance(STEP_MS);

    for (let i = 0; i < FAILURES_MAX; i++) expect(shape(await login(name, 'password-123', '000000'))).toMatchObject({ status: 401, code: 'INVALID_MFA_CODE' });
    const refused = await login(name, 'password-123', codeAt(secret, clock.now()));
    expect(shape(refused)).toEqual({ status: 429, code: 'RATE_LIMITED', message: 'Too many failed attempts for this account' });
    expect(refused.retryAfter).toBe(String(WINDOW_SECONDS));
    // The code is the account's second factor everywhere: turning two-step login off is refused too.
    const disable = await post('/v1/me/mfa', undefined, { authorization: `Bearer ${user.auth.accessToken}`, 'x-mfa-code': codeAt(secret, clock.now()) }, 'DELETE');
    expect(shape(disable)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect((await lockEntries()).filter((e) => e.actor_id === user.id)).toEqual([{ actor_id: user.id, details: { secret: 'mfa', failures: FAILURES_MAX, lockedForSeconds: WINDOW_SECONDS, username: name } }]);

    passTime(WINDOW_SECONDS * 1000);
    const accepted = await login(name, 'password-123', codeAt(secret, clock.now()));
    expect(accepted.status).toBe(200);
  }, 60_000);

  it('counts a wrong password given to delete the account as a guess: a stolen access token is no way to try passwords without limit', async () => {
    const user = await signUp(server.url, 'deletable');
    const name = user.auth.user.username;
    const thief = '203.0.113.77';
    const deleteFrom = (password: string) => post('/v1/me', { password }, { authorization: `Bearer ${user.auth.accessToken}`, 'x-forwarded-for': thief }, 'DELETE');
    for (let i = 0; i < FAILURES_MAX; i++) expect(shape(await deleteFrom('not-the-password'))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    // The right password is refused too now, from that address, for deleting and for logging in alike.
    expect(shape(await deleteFrom('password-123'))).toEqual({ status: 429, code: 'RATE_LIMITED', message: 'Too many failed attempts for this account' });
    expect((await loginFrom(thief, name, 'password-123')).status).toBe(429);
    expect((await user.api.me()).user.id).toBe(user.id); // nothing deleted
    passTime(WINDOW_SECONDS * 1000);
    expect((await deleteFrom('password-123')).status).toBe(204);
  }, 60_000);
});
