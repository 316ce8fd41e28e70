import type { WrappedKey } from '@chat/contracts';
import { base64urlBytes } from '@chat/domain';
import { deviceKeyProblem } from '@chat/identity';
import { ValidationError } from '@chat/platform';
import { DEVICE_ID } from './e2ee.dto';

/** An AES-256 key (32 bytes) sealed with AES-GCM (16-byte tag). */
const WRAPPED_KEY_BYTES = 48;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks each envelope's shape (the server cannot check its content) and that no device is named twice. */
export function assertWrappedKeys(envelopes: readonly WrappedKey[], maxChars: number): void {
  const problems: { field: string; problem: string }[] = [];
  const seen = new Set<string>();
  envelopes.forEach((e, i) => {
    const field = `envelopes.${i}`;
    const problem = wrappedKeyProblem(e, maxChars);
    if (problem) return problems.push({ field, problem });
    const ref = `${e.recipientUserId}/${e.recipientDeviceId}`;
    if (seen.has(ref)) problems.push({ field, problem: 'names a recipient device another envelope names' });
    seen.add(ref);
  });
  if (problems.length) throw new ValidationError(problems);
}

export function wrappedKeyProblem(e: WrappedKey, maxChars: number): string | null {
  const keys = Object.keys(e).sort().join(',');
  if (keys !== 'ephemeralPublicKey,iv,recipientDeviceId,recipientUserId,wrappedKey') return 'must have exactly recipientUserId, recipientDeviceId, ephemeralPublicKey, iv, wrappedKey';
  if (typeof e.recipientUserId !== 'string' || !UUID.test(e.recipientUserId)) return 'recipientUserId must be a UUID';
  if (typeof e.recipientDeviceId !== 'string' || !DEVICE_ID.test(e.recipientDeviceId)) return 'recipientDeviceId must be 1-64 of [A-Za-z0-9_-]';
  const jwk = deviceKeyProblem(e.ephemeralPublicKey);
  if (jwk) return `ephemeralPublicKey ${jwk}`;
  if (base64urlBytes(e.iv) !== 12) return 'iv must be 12 bytes of base64url';
  if (base64urlBytes(e.wrappedKey) !== WRAPPED_KEY_BYTES) return `wrappedKey must be ${WRAPPED_KEY_BYTES} bytes of base64url (an AES-256 key sealed with AES-GCM)`;
  if (JSON.stringify(e).length > maxChars) return `must be at most ${maxChars} characters as JSON`;
  return null;
}
