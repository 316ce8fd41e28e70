import { createHash } from 'node:crypto';
import { challengeInput, leadingZeroBits } from '@chat/domain';
import { ChatApi, solveLoginChallenge } from '@chat/sdk';
import type { LoginChallenge } from '@chat/contracts';
import { signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

const AFTER_FAILURES = 2;
const BITS = 8;

/**
 * Seed 003 R11.6: after LOGIN_CHALLENGE_AFTER_FAILURES failed passwords, a login from that address
 * (or from an address the account never used) must first solve a proof-of-work challenge. The test
 * app believes loopback proxies: `X-Forwarded-For` names each request's address; requests without it
 * come from the address the accounts signed up from.
 */
describe('login challenges after failed attempts', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { LOGIN_CHALLENGE_AFTER_FAILURES: String(AFTER_FAILURES), LOGIN_CHALLENGE_BITS: String(BITS), TRUST_PROXY: 'loopback' });
  });
  afterAll(() => server?.close());

  const login = async (body: object, address?: string) => {
    const res = await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...(address && { 'x-forwarded-for': address }) }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; challenge?: LoginChallenge } } };
  };
  const challengeOf = (answer: Awaited<ReturnType<typeof login>>) => {
    expect(answer).toMatchObject({ status: 428, body: { error: { code: 'CHALLENGE_REQUIRED', challenge: { algorithm: 'sha-256', bits: BITS } } } });
    return answer.body.error!.challenge!;
  };
  /** A nonce that does not solve it (the first that fails the rule). */
  const wrongNonce = (challenge: LoginChallenge) => {
    let nonce = 0;
    while (leadingZeroBits(createHash('sha256').update(challengeInput(challenge.token, String(nonce))).digest()) >= BITS) nonce++;
    return String(nonce);
  };

  it('asks for a challenge after the failures, takes each solution once, counts guesses made with one, and spares the owner’s own address', async () => {
    const user = await signUp(server.url, 'guessed');
    const username = user.auth.user.username;
    const guesser = '203.0.113.7';
    for (let i = 0; i < AFTER_FAILURES; i++) expect((await login({ username, password: 'wrong' }, guesser)).status).toBe(401);

    // Even the right password is not looked at without a solution.
    const challenge = challengeOf(await login({ username, password: 'password-123' }, guesser));
    expect(new Date(challenge.expiresAt).getTime()).toBeGreaterThan(Date.now());
    challengeOf(await login({ username, password: 'password-123', challenge: { token: challenge.token, nonce: wrongNonce(challenge) } }, guesser));
    const [salt, , expiry, mac] = challenge.token.split('.');
    const easier = { token: [salt, 1, expiry, mac].join('.'), nonce: '0' };
    challengeOf(await login({ username, password: 'password-123', challenge: easier }, guesser));

    // A solution buys one attempt: a wrong password with it is a counted failure, and it does not work twice.
    const solved = await solveLoginChallenge(challenge);
    expect((await login({ username, password: 'wrong', challenge: solved }, guesser)).status).toBe(401);
    challengeOf(await login({ username, password: 'password-123', challenge: solved }, guesser));
    const fresh = challengeOf(await login({ username, password: 'password-123' }, guesser));
    expect((await login({ username, password: 'password-123', challenge: await solveLoginChallenge(fresh) }, guesser)).status).toBe(200);

    // Failures from everywhere challenge addresses the account never used, not the one it signed up from.
    challengeOf(await login({ username, password: 'password-123' }, '198.51.100.9'));
    expect((await login({ username, password: 'password-123' })).status).toBe(200);
  });

  it('is solved by the SDK’s login by itself', async () => {
    const user = await signUp(server.url, 'sdk');
    const username = user.auth.user.username;
    for (let i = 0; i < AFTER_FAILURES; i++) expect((await login({ username, password: 'wrong' })).status).toBe(401);
    challengeOf(await login({ username, password: 'password-123' }));
    const auth = await new ChatApi({ baseUrl: server.url }).login(username, 'password-123');
    expect(auth.user.id).toBe(user.id);
  });

  it('refuses a malformed solution with a validation error', async () => {
    const answer = await login({ username: 'anyone', password: 'x', challenge: { token: 'a.b.c.d', nonce: 'n'.repeat(65) } });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });
});
