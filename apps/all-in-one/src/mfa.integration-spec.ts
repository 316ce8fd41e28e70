import { base32Decode, totpCode } from '@chat/identity';
import { ChatApi } from '@chat/sdk';
import { DataSource } from 'typeorm';
import { controlClock, signUp, startTestApp, type TestApp, type TestClock } from '@chat/testing';
import { allInOne } from './definition';

const STEP_MS = 30_000;

/** Seed 003, req. 11.5: two-step login with an authenticator app, required for logins and sensitive actions. */
describe('two-step login (TOTP)', () => {
  let server: TestApp;
  let clock: TestClock;

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    clock = controlClock(server.app);
  });
  afterAll(() => server?.close());

  const codeAt = (secret: string, ms: number) => totpCode(base32Decode(secret), Math.floor(ms / STEP_MS));

  it('turns on with a confirmed code, then asks every login and every ending of another device for a fresh one', async () => {
    const user = await signUp(server.url, 'careful');
    const enrolment = await user.api.enrolMfa();
    expect(enrolment.otpauthUrl).toBe(`otpauth://totp/Chat%3A${user.auth.user.username}?secret=${enrolment.secret}&issuer=Chat&algorithm=SHA1&digits=6&period=30`);
    expect((await user.api.me()).mfaEnabled).toBe(false);
    await expect(user.api.confirmMfa('000000')).rejects.toMatchObject({ status: 401, body: { code: 'INVALID_MFA_CODE' } });
    await user.api.confirmMfa(codeAt(enrolment.secret, clock.now()));
    expect((await user.api.me()).mfaEnabled).toBe(true);
    await expect(user.api.request('POST', '/v1/me/mfa')).rejects.toMatchObject({ status: 409, body: { code: 'MFA_ALREADY_ENABLED' } });

    const device = new ChatApi({ baseUrl: server.url });
    const login = (mfaCode?: string) => device.request('POST', '/v1/auth/login', { username: user.auth.user.username, password: 'password-123', mfaCode });
    await expect(login()).rejects.toMatchObject({ status: 401, body: { code: 'MFA_REQUIRED' } });
    await expect(login('123456')).rejects.toMatchObject({ status: 401, body: { code: 'INVALID_MFA_CODE' } });
    // The confirming code is spent; the next step's code is accepted once, and never again.
    await expect(login(codeAt(enrolment.secret, clock.now()))).rejects.toMatchObject({ body: { code: 'INVALID_MFA_CODE' } });
    const next = codeAt(enrolment.secret, clock.now() + STEP_MS);
    const { data } = await login(next);
    device.accessToken = (data as { accessToken: string }).accessToken;
    await expect(login(next)).rejects.toMatchObject({ body: { code: 'INVALID_MFA_CODE' } });

    // Ending another device's login is sensitive; ending my own is a logout and needs nothing.
    const other = (await device.sessions()).sessions.find((s) => !s.current)!;
    await expect(device.revokeSession(other.id)).rejects.toMatchObject({ status: 401, body: { code: 'MFA_REQUIRED' } });
    clock.advance(2 * STEP_MS);
    const fresh = codeAt(enrolment.secret, clock.now());
    await device.revokeSession(other.id, fresh);
    await expect(user.api.me()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });

    // Turning it off needs a code too.
    await expect(device.request('DELETE', '/v1/me/mfa')).rejects.toMatchObject({ status: 401, body: { code: 'MFA_REQUIRED' } });
    clock.advance(STEP_MS);
    await device.disableMfa(codeAt(enrolment.secret, clock.now()));
    expect((await device.me()).mfaEnabled).toBe(false);
    await expect(new ChatApi({ baseUrl: server.url }).login(user.auth.user.username, 'password-123')).resolves.toMatchObject({ user: { id: user.id } });
  });

  const storedSecret = async (userId: string): Promise<string> => {
    const [row] = await server.app.get(DataSource).query('SELECT mfa_secret FROM users WHERE id = $1', [userId]);
    return row.mfa_secret;
  };
  const setStoredSecret = (userId: string, value: string) => server.app.get(DataSource).query('UPDATE users SET mfa_secret = $2 WHERE id = $1', [userId, value]);

  it('keeps the secret sealed at rest: the users table never holds it in plaintext', async () => {
    const user = await signUp(server.url, 'sealed');
    const { secret } = await user.api.enrolMfa();
    const pending = await storedSecret(user.id);
    expect(pending).toMatch(/^v1:/);
    expect(pending).not.toContain(secret);
    await user.api.confirmMfa(codeAt(secret, clock.now()));
    expect(await storedSecret(user.id)).toBe(pending);
  });

  it('still accepts a secret stored in plaintext before sealing, and seals it on that first use', async () => {
    const user = await signUp(server.url, 'legacy');
    const { secret } = await user.api.enrolMfa();
    await user.api.confirmMfa(codeAt(secret, clock.now()));
    await setStoredSecret(user.id, secret);
    clock.advance(2 * STEP_MS);
    const device = new ChatApi({ baseUrl: server.url });
    await device.request('POST', '/v1/auth/login', { username: user.auth.user.username, password: 'password-123', mfaCode: codeAt(secret, clock.now()) });
    const resealed = await storedSecret(user.id);
    expect(resealed).toMatch(/^v1:/);
    expect(resealed).not.toContain(secret);
    clock.advance(STEP_MS);
    await expect(device.request('POST', '/v1/auth/login', { username: user.auth.user.username, password: 'password-123', mfaCode: codeAt(secret, clock.now()) })).resolves.toBeTruthy();
  });

  it('refuses the login with the error shape, and does not crash, when a sealed secret does not open (tampered, or another key)', async () => {
    const user = await signUp(server.url, 'tampered');
    const { secret } = await user.api.enrolMfa();
    await user.api.confirmMfa(codeAt(secret, clock.now()));
    const [version, iv, tag, ciphertext] = (await storedSecret(user.id)).split(':');
    const flipped = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    await setStoredSecret(user.id, [version, iv, tag, flipped].join(':'));
    clock.advance(2 * STEP_MS);
    const login = () => new ChatApi({ baseUrl: server.url }).request('POST', '/v1/auth/login', { username: user.auth.user.username, password: 'password-123', mfaCode: codeAt(secret, clock.now()) });
    await expect(login()).rejects.toMatchObject({ status: 500, body: { code: 'INTERNAL', message: expect.any(String), requestId: expect.any(String) } });
    await expect(user.api.me()).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('is for accounts with a password, and refuses to confirm what was never started', async () => {
    const guest = new ChatApi({ baseUrl: server.url });
    await guest.guest(`guest-${Date.now()}`);
    await expect(guest.request('POST', '/v1/me/mfa')).rejects.toMatchObject({ status: 409, body: { code: 'OPERATION_NOT_SUPPORTED' } });
    const user = await signUp(server.url, 'hasty');
    await expect(user.api.request('POST', '/v1/me/mfa/confirm', { code: '123456' })).rejects.toMatchObject({ status: 409, body: { code: 'MFA_NOT_ENABLED' } });
    await expect(user.api.request('POST', '/v1/me/mfa/confirm', {})).rejects.toMatchObject({ status: 400 });
  });
});
