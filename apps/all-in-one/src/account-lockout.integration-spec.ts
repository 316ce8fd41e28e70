import { DataSource } from 'typeorm';
import { base32Decode, totpCode } from '@chat/identity';
import { RATE_LIMITER, type InMemoryRateLimiter } from '@chat/platform';
import { controlClock, signUp, startTestApp, uniqueName, type TestApp, type TestClock } from '@chat/testing';
import { allInOne } from './definition';

const FAILURES_MAX = 3;
const WINDOW_SECONDS = 900;
const STEP_MS = 30_000;

interface Answer {
  status: number;
  code: string | undefined;
  message: string | undefined;
  retryAfter: string | null;
}

/** Seed 003 req. 11.6: per-account limits on password and two-step code guesses, on top of the per-address one. */
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
    server = await startTestApp(allInOne, { LOGIN_FAILURES_MAX: String(FAILURES_MAX), LOGIN_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS) });
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
  const shape = ({ status, code, message }: Answer) => ({ status, code, message });
  const lockEntries = async (): Promise<{ actor_id: string | null; details: Record<string, unknown> }[]> =>
    server.app.get(DataSource).query(`SELECT actor_id, details FROM audit_log WHERE action = 'auth.account-locked' ORDER BY id`);
  const codeAt = (secret: string, ms: number) => totpCode(base32Decode(secret), Math.floor(ms / STEP_MS));

  it('refuses even the right password once a username had too many wrong ones, until the window passes', async () => {
    const user = await signUp(server.url, 'guessed');
    const name = user.auth.user.username;
    const before = (await lockEntries()).length;
    const wrong: Answer[] = [];
    for (let i = 0; i < FAILURES_MAX; i++) wrong.push(await login(name, 'not-the-password'));
    expect(wrong.map(shape)).toEqual(Array(FAILURES_MAX).fill({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' }));

    const refused = await login(name, 'password-123');
    expect(shape(refused)).toEqual({ status: 429, code: 'RATE_LIMITED', message: 'Too many failed attempts for this account' });
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter).toBe(WINDOW_SECONDS);
    // The name as the account knows it: another spelling of it is the same account.
    expect((await login(name.toUpperCase(), 'password-123')).status).toBe(429);

    const entries = (await lockEntries()).slice(before);
    expect(entries).toEqual([{ actor_id: user.id, details: { secret: 'password', failures: FAILURES_MAX, lockedForSeconds: WINDOW_SECONDS, username: name } }]);

    passTime((WINDOW_SECONDS - 60) * 1000);
    expect(await login(name, 'password-123')).toMatchObject({ status: 429, retryAfter: '60' });
    passTime(60_000);
    expect((await login(name, 'password-123')).status).toBe(200);
  }, 60_000);

  it('answers a username nobody has exactly as one that exists, lock included', async () => {
    const user = await signUp(server.url, 'real');
    const nobody = uniqueName('nobody');
    const answers = async (username: string, password: string) => {
      const all: Answer[] = [];
      for (let i = 0; i < FAILURES_MAX; i++) all.push(await login(username, 'not-the-password'));
      return [...all, await login(username, password)];
    };
    const [known, unknown] = [await answers(user.auth.user.username, 'password-123'), await answers(nobody, 'password-123')];
    expect(unknown.map(shape)).toEqual(known.map(shape));
    expect(unknown[FAILURES_MAX].status).toBe(429);
    expect(unknown[FAILURES_MAX].retryAfter).toBe(known[FAILURES_MAX].retryAfter);
    const entries = await lockEntries();
    expect(entries.filter((e) => e.details.username === nobody)).toEqual([{ actor_id: null, details: { secret: 'password', failures: FAILURES_MAX, lockedForSeconds: WINDOW_SECONDS, username: nobody } }]);
  }, 60_000);

  it('clears the failures at a successful login', async () => {
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
});
