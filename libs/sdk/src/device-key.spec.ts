import { createHash, createPublicKey, verify } from 'node:crypto';
import { DEVICE_PROOF_HEADER, deviceProofMessage, type DevicePublicJwk } from '@chat/contracts';
import { ChatApi } from './chat-api';
import { generateDeviceSigningKeyPair, webCryptoDeviceKey, type DeviceKeySigner } from './device-key';

const TEN_MINUTES_MS = 10 * 60_000;

/**
 * A server as far as device proofs go: its clock `aheadMs` ahead of this one, it answers a refresh
 * only with a proof by `key` of the token at its own time (within 60 s), as @chat/identity does.
 */
function fakeServer(key: DevicePublicJwk, aheadMs = 0) {
  const refreshes: (string | null)[] = [];
  const logins: unknown[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const now = Date.now() + aheadMs;
    const headers = { 'content-type': 'application/json', date: new Date(now).toUTCString() };
    const body = JSON.parse(String(init?.body));
    if (String(url).endsWith('/v1/auth/login')) logins.push(body.deviceKey);
    if (String(url).endsWith('/v1/auth/refresh')) {
      const proof = new Headers(init?.headers).get(DEVICE_PROOF_HEADER);
      refreshes.push(proof);
      if (!proves(proof, key, body.refreshToken, Math.floor(now / 1000))) {
        return new Response(JSON.stringify({ error: { code: 'DEVICE_PROOF_INVALID', message: 'no proof', hint: '', requestId: '' } }), { status: 401, headers });
      }
    }
    return new Response(JSON.stringify({ accessToken: 'access', refreshToken: 'next', accessTokenExpiresAt: new Date(now).toISOString(), user: {} }), { status: 200, headers });
  };
  return { fetch, refreshes, logins };
}

function proves(proof: string | null, key: DevicePublicJwk, refreshToken: string, serverSeconds: number): boolean {
  const [seconds, signature] = (proof ?? '').split('.');
  if (!signature || Math.abs(Number(seconds) - serverSeconds) > 60) return false;
  const tokenHash = createHash('sha256').update(refreshToken).digest('base64url');
  const { kty, crv, x, y } = key;
  const publicKey = createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
  return verify('sha256', Buffer.from(deviceProofMessage(tokenHash, Number(seconds))), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
}

describe('ChatApi with a device key', () => {
  let device: DeviceKeySigner;
  beforeAll(async () => {
    device = await webCryptoDeviceKey(await generateDeviceSigningKeyPair());
  });

  it('sends the public key when it logs in, and a proof the server verifies when it refreshes', async () => {
    const server = fakeServer(device.publicJwk);
    const api = new ChatApi({ baseUrl: 'http://chat.test', fetch: server.fetch, deviceKey: device });
    await api.login('erin', 'password-123');
    await api.refresh('the-refresh-token');
    expect(server.logins).toEqual([device.publicJwk]);
    expect(server.refreshes).toHaveLength(1);
  });

  it('signs at the server’s time, learnt from its answers, where this device’s clock is minutes off', async () => {
    const server = fakeServer(device.publicJwk, TEN_MINUTES_MS);
    const api = new ChatApi({ baseUrl: 'http://chat.test', fetch: server.fetch, deviceKey: device });
    await api.login('erin', 'password-123');
    await api.refresh('the-refresh-token');
    expect(server.refreshes).toHaveLength(1);
  });

  it('signs again once when the refusal itself shows the clock is off, and not again', async () => {
    const behind = fakeServer(device.publicJwk, -TEN_MINUTES_MS);
    await new ChatApi({ baseUrl: 'http://chat.test', fetch: behind.fetch, deviceKey: device }).refresh('the-refresh-token');
    expect(behind.refreshes).toHaveLength(2);

    const otherKey = (await webCryptoDeviceKey(await generateDeviceSigningKeyPair())).publicJwk;
    const refusing = fakeServer(otherKey, TEN_MINUTES_MS);
    const api = new ChatApi({ baseUrl: 'http://chat.test', fetch: refusing.fetch, deviceKey: device });
    await expect(api.refresh('the-refresh-token')).rejects.toMatchObject({ status: 401, code: 'DEVICE_PROOF_INVALID' });
    await expect(api.refresh('the-refresh-token')).rejects.toMatchObject({ status: 401, code: 'DEVICE_PROOF_INVALID' });
    expect(refusing.refreshes).toHaveLength(3);
  });

  it('sends neither key nor proof without one', async () => {
    const server = fakeServer(device.publicJwk);
    const api = new ChatApi({ baseUrl: 'http://chat.test', fetch: server.fetch });
    await api.login('erin', 'password-123');
    await api.refresh('the-refresh-token').catch(() => undefined);
    expect(server.logins).toEqual([undefined]);
    expect(server.refreshes).toEqual([null]);
  });
});
