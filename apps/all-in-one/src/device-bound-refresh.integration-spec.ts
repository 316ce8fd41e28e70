import { DEVICE_PROOF_HEADER } from '@chat/contracts';
import { ChatApi, deviceProof, generateDeviceSigningKeyPair, webCryptoDeviceKey, type DeviceKeySigner } from '@chat/sdk';
import { eventually, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Device-bound refresh tokens (contracts device-proof.ts) over real HTTP. */
describe('device-bound refresh tokens', () => {
  const auditorName = uniqueName('auditor');
  let server: TestApp;
  let device: DeviceKeySigner;
  let otherDevice: DeviceKeySigner;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { DEVICE_PROOF_MAX_AGE_SECONDS: '30', ADMIN_USERNAMES: auditorName });
    device = await webCryptoDeviceKey(await generateDeviceSigningKeyPair());
    otherDevice = await webCryptoDeviceKey(await generateDeviceSigningKeyPair());
  });
  afterAll(() => server.close());

  const boundClient = (deviceKey = device) => new ChatApi({ baseUrl: server.url, deviceKey });
  const plainClient = () => new ChatApi({ baseUrl: server.url });

  /** A refresh as a client without the SDK's signing sends it, with whatever proof header it chooses. */
  async function refreshWith(refreshToken: string, proof?: string, requestId = uniqueName('refresh')): Promise<{ status: number; body: { code?: string; refreshToken?: string } }> {
    const res = await fetch(`${server.url}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...(proof === undefined ? {} : { [DEVICE_PROOF_HEADER]: proof }) },
      body: JSON.stringify({ refreshToken }),
    });
    const body = await res.json();
    return { status: res.status, body: res.ok ? body : body.error };
  }

  it('refreshes a bound login with a proof, rotating the token, and the binding carries over to the new one', async () => {
    const api = boundClient();
    const registered = await api.register(uniqueName('bound'), 'Bound', 'password-123');
    const rotated = await api.refresh(registered.refreshToken);
    expect(rotated.refreshToken).not.toBe(registered.refreshToken);
    expect((await api.me()).user.id).toBe(registered.user.id);

    expect(await refreshWith(rotated.refreshToken)).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    const again = await api.refresh(rotated.refreshToken);
    expect(again.user.id).toBe(registered.user.id);
  });

  it('refuses a refresh without a proof without spending the token: the device still refreshes with it afterwards', async () => {
    const api = boundClient();
    const login = await api.register(uniqueName('nospend'), 'No spend', 'password-123');
    expect(await refreshWith(login.refreshToken)).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    expect(await refreshWith(login.refreshToken, 'not-a-proof')).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    const renewed = await api.refresh(login.refreshToken);
    expect(renewed.user.id).toBe(login.user.id);
  });

  it('audits a refused refresh with its code', async () => {
    const auditor = plainClient();
    await auditor.register(auditorName, 'Auditor', 'password-123');
    const login = await boundClient().register(uniqueName('audited'), 'Audited', 'password-123');
    const requestId = uniqueName('unproven');
    await refreshWith(login.refreshToken, undefined, requestId);
    await eventually(async () => {
      const { entries } = await auditor.auditLog({ action: 'auth.refresh', outcome: 'failure', limit: 100 });
      expect(entries.find((e) => e.requestId === requestId)).toMatchObject({ errorCode: 'DEVICE_PROOF_INVALID' });
    });
  });

  it('refuses a proof signed with another key, a stale or future one, and one made for another token', async () => {
    const api = boundClient();
    const login = await api.login(...(await registered('keys')));
    await expect(boundClient(otherDevice).refresh(login.refreshToken)).rejects.toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    const now = Math.floor(Date.now() / 1000);
    expect(await refreshWith(login.refreshToken, await deviceProof(device, login.refreshToken, now - 120))).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    expect(await refreshWith(login.refreshToken, await deviceProof(device, login.refreshToken, now + 120))).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    expect(await refreshWith(login.refreshToken, await deviceProof(device, 'another-token'))).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    expect(await refreshWith(login.refreshToken, await deviceProof(device, login.refreshToken))).toMatchObject({ status: 200 });
  });

  it('does not let a thief without the key end the login by replaying a spent token', async () => {
    const api = boundClient();
    const login = await api.register(uniqueName('replay'), 'Replay', 'password-123');
    const current = await api.refresh(login.refreshToken);
    // An unbound login's spent token presented again ends it (reuse); a bound one's needs the key first.
    expect(await refreshWith(login.refreshToken)).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });
    await expect(api.refresh(current.refreshToken)).resolves.toMatchObject({ user: { id: login.user.id } });
    // The key's holder replaying a spent token is reuse, as for any login.
    await expect(api.refresh(login.refreshToken)).rejects.toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_REUSED' } });
  });

  it('binds guest logins too, and leaves unbound logins as they were, with or without a proof', async () => {
    const guest = await boundClient().guest(uniqueName('gbound'));
    expect(await refreshWith(guest.refreshToken)).toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });

    const plain = await plainClient().register(uniqueName('plain'), 'Plain', 'password-123');
    const renewed = await refreshWith(plain.refreshToken);
    expect(renewed).toMatchObject({ status: 200 });
    await expect(boundClient().refresh(renewed.body.refreshToken!)).resolves.toMatchObject({ user: { id: plain.user.id } });
  });

  it('lists which of my logins are bound to their device', async () => {
    const [username, password] = await registered('listed');
    const bound = boundClient();
    await bound.login(username, password);
    await plainClient().login(username, password);
    const { sessions } = await bound.sessions();
    expect(sessions.map((s) => ({ current: s.current, deviceBound: s.deviceBound })).sort((a, b) => Number(b.current) - Number(a.current))).toEqual([
      { current: true, deviceBound: true },
      { current: false, deviceBound: false },
      { current: false, deviceBound: false },
    ]);
  });

  it.each([
    ['an RSA key', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }],
    ['another curve', () => ({ ...device.publicJwk, crv: 'P-384' })],
    ['the private part', () => ({ ...device.publicJwk, d: device.publicJwk.x })],
    ['a point off the curve', () => ({ ...device.publicJwk, y: device.publicJwk.x })],
    ['a string', 'my-device'],
  ])('refuses a login whose device key is %s (400 VALIDATION_FAILED), creating nothing', async (_, deviceKey) => {
    const username = uniqueName('badkey');
    const res = await fetch(`${server.url}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, displayName: 'Bad key', password: 'password-123', deviceKey: typeof deviceKey === 'function' ? deviceKey() : deviceKey }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'deviceKey' })] });
    await expect(plainClient().login(username, 'password-123')).rejects.toMatchObject({ status: 401 });
  });

  async function registered(prefix: string): Promise<[string, string]> {
    const username = uniqueName(prefix);
    await plainClient().register(username, prefix, 'password-123');
    return [username, 'password-123'];
  }
});
