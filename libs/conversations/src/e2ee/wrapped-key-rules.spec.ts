import { generateKeyPairSync } from 'node:crypto';
import { ErrorCode, type WrappedKey } from '@chat/contracts';
import { assertWrappedKeys, wrappedKeyProblem } from './wrapped-key-rules';

const coordinate = 'C'.repeat(43);
const { x, y } = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as { x: string; y: string };
const valid: WrappedKey = {
  recipientUserId: '0190b6a2-7c1d-7000-8000-000000000001',
  recipientDeviceId: 'phone-1',
  ephemeralPublicKey: { kty: 'EC', crv: 'P-256', x, y },
  iv: 'A'.repeat(16),
  wrappedKey: 'W'.repeat(64), // 48 bytes
};

describe('wrapped key envelopes', () => {
  it('accepts a well-formed envelope', () => {
    expect(wrappedKeyProblem(valid, 1024)).toBeNull();
  });

  it.each([
    ['an extra field', { ...valid, plaintextKey: 'x' }, 'must have exactly'],
    ['a recipient that is no UUID', { ...valid, recipientUserId: 'bob' }, 'recipientUserId'],
    ['a bad device id', { ...valid, recipientDeviceId: 'a b' }, 'recipientDeviceId'],
    ['a private ephemeral key', { ...valid, ephemeralPublicKey: { ...valid.ephemeralPublicKey, d: coordinate } }, 'private'],
    ['an ephemeral key off the curve', { ...valid, ephemeralPublicKey: { kty: 'EC', crv: 'P-256', x: coordinate, y: coordinate } }, 'must be a point on curve P-256'],
    ['a short nonce', { ...valid, iv: 'AAAA' }, 'iv must be 12 bytes'],
    ['a wrapped key of the wrong size', { ...valid, wrappedKey: 'W'.repeat(44) }, 'wrappedKey must be 48 bytes'],
  ])('refuses %s', (_name, envelope, problem) => {
    expect(wrappedKeyProblem(envelope as WrappedKey, 1024)).toContain(problem);
  });

  it('refuses an envelope over E2EE_ENVELOPE_MAX_CHARS', () => {
    expect(wrappedKeyProblem(valid, 128)).toContain('at most 128 characters');
  });

  it('refuses two envelopes for one device, naming the field, with the validation error shape', () => {
    expect(() => assertWrappedKeys([valid, valid], 1024)).toThrow(
      expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, details: [{ field: 'envelopes.1', problem: 'names a recipient device another envelope names' }] }),
    );
    expect(() => assertWrappedKeys([valid, { ...valid, recipientDeviceId: 'laptop' }], 1024)).not.toThrow();
  });
});
