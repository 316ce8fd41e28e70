import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { deviceProofMessage, type DevicePublicJwk } from '@chat/contracts';
import { deviceKeyProblem } from './device-key';
import { deviceProofRefusal } from './device-proof';
import { hashToken } from './secrets';

function deviceKeyPair(): { key: DevicePublicJwk; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { key: publicKey.export({ format: 'jwk' }) as DevicePublicJwk, privateKey };
}

/** What a client sends: `<seconds>.<r‖s signature, base64url>`. */
function proofOf(privateKey: KeyObject, tokenHash: string, seconds: number): string {
  const signature = sign('sha256', Buffer.from(deviceProofMessage(tokenHash, seconds)), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${seconds}.${signature.toString('base64url')}`;
}

describe('deviceProofRefusal', () => {
  const device = deviceKeyPair();
  const tokenHash = hashToken('the-refresh-token');
  const now = 1_800_000_000;
  const maxAge = 60;

  it('accepts a signature of this token hash, made now, with the login’s device key', () => {
    expect(deviceProofRefusal(proofOf(device.privateKey, tokenHash, now), device.key, tokenHash, now, maxAge)).toBeNull();
  });

  it('accepts a proof up to the window away either way (clock skew)', () => {
    expect(deviceProofRefusal(proofOf(device.privateKey, tokenHash, now - maxAge), device.key, tokenHash, now, maxAge)).toBeNull();
    expect(deviceProofRefusal(proofOf(device.privateKey, tokenHash, now + maxAge), device.key, tokenHash, now, maxAge)).toBeNull();
  });

  it('refuses a signature made with another key', () => {
    const thief = deviceKeyPair();
    expect(deviceProofRefusal(proofOf(thief.privateKey, tokenHash, now), device.key, tokenHash, now, maxAge)).toBe('wrong-signature');
  });

  it('refuses a proof made for another refresh token', () => {
    const other = proofOf(device.privateKey, hashToken('an-earlier-refresh-token'), now);
    expect(deviceProofRefusal(other, device.key, tokenHash, now, maxAge)).toBe('wrong-signature');
  });

  it('refuses a proof whose time was changed after signing', () => {
    const [, signature] = proofOf(device.privateKey, tokenHash, now - 10).split('.');
    expect(deviceProofRefusal(`${now}.${signature}`, device.key, tokenHash, now, maxAge)).toBe('wrong-signature');
  });

  it('refuses a tampered signature', () => {
    const proof = proofOf(device.privateKey, tokenHash, now);
    const flipped = proof.slice(0, -2) + (proof.at(-2) === 'A' ? 'B' : 'A') + proof.at(-1);
    expect(deviceProofRefusal(flipped, device.key, tokenHash, now, maxAge)).toBe('wrong-signature');
  });

  it('refuses a stale or a future proof, even correctly signed', () => {
    expect(deviceProofRefusal(proofOf(device.privateKey, tokenHash, now - maxAge - 1), device.key, tokenHash, now, maxAge)).toBe('stale');
    expect(deviceProofRefusal(proofOf(device.privateKey, tokenHash, now + maxAge + 1), device.key, tokenHash, now, maxAge)).toBe('stale');
  });

  it('refuses a refresh without a proof', () => {
    expect(deviceProofRefusal(undefined, device.key, tokenHash, now, maxAge)).toBe('missing');
    expect(deviceProofRefusal('', device.key, tokenHash, now, maxAge)).toBe('missing');
  });

  it.each([
    ['no time', () => proofOf(device.privateKey, tokenHash, now).split('.')[1]],
    ['a time with a leading zero', () => `0${proofOf(device.privateKey, tokenHash, now)}`],
    ['a DER signature instead of r‖s', () => `${now}.${sign('sha256', Buffer.from(deviceProofMessage(tokenHash, now)), device.privateKey).toString('base64url')}`],
    ['standard base64', () => proofOf(device.privateKey, tokenHash, now).replace(/-/g, '+').replace(/_/g, '/') + '+/'],
    ['garbage', () => 'not a proof'],
  ])('refuses a malformed proof: %s', (_, proof) => {
    expect(deviceProofRefusal(proof(), device.key, tokenHash, now, maxAge)).toBe('malformed');
  });
});

describe('deviceKeyProblem', () => {
  const { key } = deviceKeyPair();

  it('accepts a P-256 public JWK, with the extra members WebCrypto exports', () => {
    expect(deviceKeyProblem(key)).toBeNull();
    expect(deviceKeyProblem({ ...key, ext: true, key_ops: ['verify'] })).toBeNull();
  });

  it.each([
    ['not an object', 'key'],
    ['another curve', { ...key, crv: 'P-384' }],
    ['an RSA key', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }],
    ['the private part', { ...key, d: key.x }],
    ['a short coordinate', { ...key, x: key.x.slice(0, 20) }],
    ['a point off the curve', { ...key, y: key.x }],
  ])('refuses %s', (_, value) => {
    expect(deviceKeyProblem(value)).toEqual(expect.any(String));
  });
});
