import type { EnvReader } from './env-reader';

/** One key of MESSAGE_ENCRYPTION_KEYS: its id is written into every body it seals, so any key can be found again. */
export interface MessageEncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * Message bodies sealed at rest (seed 004 R6.1; @chat/persistence MessageBodyCipher).
 * MESSAGE_ENCRYPTION_KEYS: `keyId:base64key` entries, comma-separated; the first seals new bodies,
 * every one opens what it sealed (rotation). Empty: bodies are stored as sent (the default).
 */
export interface MessageEncryptionConfig {
  keys: MessageEncryptionKey[];
}

/** Short, since every stored body carries it; no `:`, which separates the stored parts. */
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
/** Standard base64 with its padding, as `openssl rand -base64 32` writes it (Buffer.from would skip stray characters). */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function readMessageEncryption(r: EnvReader): MessageEncryptionConfig {
  const name = 'MESSAGE_ENCRYPTION_KEYS';
  const entries = (r.string(name, null) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const keys: MessageEncryptionKey[] = [];
  // Each problem names the entry by its place and its id, never the key: it is a secret.
  entries.forEach((entry, i) => {
    const place = `${name} (entry ${i + 1} of ${entries.length})`;
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      r.problems.push(`${place} must be keyId:base64key with a key id of 1 to 16 letters, digits, _ or -`);
      return;
    }
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : null;
    if (key?.length !== 32) {
      r.problems.push(`${place}, key id "${id}", must be 32 bytes in base64, e.g. from openssl rand -base64 32 (got ${key ? `${key.length} bytes` : 'other characters'})`);
      return;
    }
    if (keys.some((k) => k.id === id)) {
      r.problems.push(`${place} repeats the key id "${id}": every key needs its own id`);
      return;
    }
    keys.push({ id, key });
  });
  return { keys };
}
