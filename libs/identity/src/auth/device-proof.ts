import { verify } from 'node:crypto';
import { deviceProofMessage, type DevicePublicJwk } from '@chat/contracts';
import { deviceVerifyingKey } from './device-key';

export type DeviceProofRefusal = 'missing' | 'malformed' | 'stale' | 'wrong-signature';

/**
 * `<unix seconds>.<signature>`: the seconds as the client signed them (no leading zeros, so one
 * time has one spelling), the 64-byte r‖s signature as 86 base64url characters.
 */
const PROOF = /^(0|[1-9]\d{0,11})\.([A-Za-z0-9_-]{86})$/;

/**
 * Why an `X-Device-Proof` does not show possession of the login's device key for this refresh
 * token, or null when it does. The proof names the token (by its hash) and a time within
 * `maxAgeSeconds` of now either way, so a proof seen once is good for that token only, and only
 * briefly; the token itself is spent by the refresh it proves.
 */
export function deviceProofRefusal(proof: string | undefined, key: DevicePublicJwk, tokenHash: string, nowSeconds: number, maxAgeSeconds: number): DeviceProofRefusal | null {
  if (!proof) return 'missing';
  const parts = PROOF.exec(proof);
  if (!parts) return 'malformed';
  const seconds = Number(parts[1]);
  if (Math.abs(nowSeconds - seconds) > maxAgeSeconds) return 'stale';
  const signed = Buffer.from(deviceProofMessage(tokenHash, seconds));
  const signature = Buffer.from(parts[2], 'base64url');
  return verify('sha256', signed, { key: deviceVerifyingKey(key), dsaEncoding: 'ieee-p1363' }, signature) ? null : 'wrong-signature';
}
