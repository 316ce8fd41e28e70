import { checkCiphertextEnvelope, envelopeKeyVersion, publicJwk, publicJwkProblem } from './ciphertext-envelope';

const iv = 'A'.repeat(16); // 12 bytes
const ct = 'B'.repeat(24); // 18 bytes: tag and more
const envelope = (fields: Record<string, unknown>) => JSON.stringify({ v: 1, keyVersion: 1, iv, ct, ...fields });
const coordinate = 'C'.repeat(43); // 32 bytes

describe('ciphertext envelope', () => {
  it('accepts exactly {v: 1, keyVersion, iv, ct} and reads its key version', () => {
    expect(checkCiphertextEnvelope(envelope({ keyVersion: 7 }))).toEqual({ ok: true, envelope: { v: 1, keyVersion: 7, iv, ct } });
    expect(envelopeKeyVersion(envelope({ keyVersion: 7 }))).toBe(7);
  });

  it.each([
    ['plaintext', 'hello there', 'is not a ciphertext envelope'],
    ['broken JSON', '{"v":1,', 'is not valid JSON'],
    ['an array', '[1]', 'is not a ciphertext envelope'],
    ['plaintext riding along', envelope({ text: 'hello' }), 'exactly the fields'],
    ['a missing field', JSON.stringify({ v: 1, keyVersion: 1, iv }), 'exactly the fields'],
    ['another format version', envelope({ v: 2 }), 'v must be 1'],
    ['key version 0', envelope({ keyVersion: 0 }), 'keyVersion must be a positive integer'],
    ['a fractional key version', envelope({ keyVersion: 1.5 }), 'keyVersion must be a positive integer'],
    ['a short nonce', envelope({ iv: 'AAAA' }), 'iv must be 12 bytes'],
    ['standard base64', envelope({ ct: 'B+/'.repeat(8) }), 'ct must be base64url'],
    ['no room for a tag', envelope({ ct: 'BBBB' }), 'ct must be base64url'],
  ])('refuses %s, naming the problem', (_name, body, problem) => {
    const check = checkCiphertextEnvelope(body);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toContain(problem);
    expect(envelopeKeyVersion(body)).toBeNull();
  });
});

describe('device public keys', () => {
  it('accepts a public P-256 JWK and keeps only its public fields', () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: coordinate, y: coordinate, ext: true, key_ops: [] };
    expect(publicJwkProblem(jwk)).toBeNull();
    expect(publicJwk(jwk as never)).toEqual({ kty: 'EC', crv: 'P-256', x: coordinate, y: coordinate });
  });

  it('refuses private keys, other curves and malformed coordinates', () => {
    expect(publicJwkProblem({ kty: 'EC', crv: 'P-256', x: coordinate, y: coordinate, d: coordinate })).toContain('private');
    expect(publicJwkProblem({ kty: 'EC', crv: 'P-384', x: coordinate, y: coordinate })).toContain('P-256');
    expect(publicJwkProblem({ kty: 'EC', crv: 'P-256', x: 'short', y: coordinate })).toContain('32 bytes');
    expect(publicJwkProblem('jwk')).toContain('JWK object');
  });
});
