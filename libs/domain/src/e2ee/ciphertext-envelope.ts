import type { CiphertextEnvelope, DevicePublicJwk } from '@chat/contracts';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ENVELOPE_KEYS = ['ct', 'iv', 'keyVersion', 'v'];
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const P256_COORDINATE_BYTES = 32;

/** The shape check either passes with the envelope or names what is wrong, for the caller's error. */
export type EnvelopeCheck = { ok: true; envelope: CiphertextEnvelope } | { ok: false; problem: string };

/** Bytes a base64url string (no padding) decodes to, or null when it is not base64url. */
export function base64urlBytes(text: unknown): number | null {
  if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) return null;
  return Math.floor((text.length * 3) / 4);
}

/**
 * Checks that a body is a ciphertext envelope and nothing else: exactly `v`, `keyVersion`, `iv`,
 * `ct`, with a 12-byte nonce and at least a GCM tag of ciphertext. Extra fields are refused, so
 * no plaintext can ride along beside the ciphertext.
 */
export function checkCiphertextEnvelope(body: string): EnvelopeCheck {
  // Only an object can be an envelope; skipping the parse keeps plaintext sends cheap.
  if (!body.startsWith('{')) return { ok: false, problem: 'is not a ciphertext envelope (JSON {v, keyVersion, iv, ct})' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, problem: 'is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: 'must be a JSON object' };
  const e = parsed as Record<string, unknown>;
  if (Object.keys(e).sort().join(',') !== ENVELOPE_KEYS.join(',')) return { ok: false, problem: 'must have exactly the fields v, keyVersion, iv, ct' };
  if (e.v !== 1) return { ok: false, problem: 'v must be 1' };
  if (!Number.isSafeInteger(e.keyVersion) || (e.keyVersion as number) < 1) return { ok: false, problem: 'keyVersion must be a positive integer' };
  if (base64urlBytes(e.iv) !== GCM_IV_BYTES) return { ok: false, problem: 'iv must be 12 bytes of base64url' };
  const ct = base64urlBytes(e.ct);
  if (ct === null || ct < GCM_TAG_BYTES) return { ok: false, problem: 'ct must be base64url ciphertext with its 16-byte tag' };
  return { ok: true, envelope: e as unknown as CiphertextEnvelope };
}

/** The key version of a body that is a well-formed envelope, else null (a plaintext body). */
export function envelopeKeyVersion(body: string): number | null {
  const check = checkCiphertextEnvelope(body);
  return check.ok ? check.envelope.keyVersion : null;
}

/** A public ECDH P-256 JWK with nothing private in it; null when it is one, else the problem. */
export function publicJwkProblem(jwk: unknown): string | null {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'must be a JWK object';
  const k = jwk as Record<string, unknown>;
  if (k.kty !== 'EC' || k.crv !== 'P-256') return "must be an EC key on curve P-256 (kty 'EC', crv 'P-256')";
  if ('d' in k) return 'must not contain the private part (d)';
  if (base64urlBytes(k.x) !== P256_COORDINATE_BYTES || base64urlBytes(k.y) !== P256_COORDINATE_BYTES) return 'x and y must be 32 bytes of base64url each';
  return null;
}

/** The JWK reduced to its public fields, so nothing else a client sent is stored or handed out. */
export function publicJwk(jwk: DevicePublicJwk): DevicePublicJwk {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}
