import { fromBase64url, toBase64url } from './e2ee-crypto';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256 (WebCrypto has no memory-hard KDF such as Argon2). */
export const DEFAULT_BACKUP_ITERATIONS = 600_000;
/** A blob asking for fewer would make guessing the passphrase cheap: refused rather than opened. */
const MIN_BACKUP_ITERATIONS = 100_000;

/** What a device's backup holds once opened: enough to be that device again. */
export interface DeviceSecret {
  deviceId: string;
  privateJwk: JsonWebKey;
}

interface BackupBlob {
  v: 1;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  salt: string;
  iv: string;
  ct: string;
}

const text = new TextEncoder();
const AAD = text.encode('chat-e2ee-backup/v1');

async function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await globalThis.crypto.subtle.importKey('raw', text.encode(passphrase.normalize('NFKC')), 'PBKDF2', false, ['deriveKey']);
  return globalThis.crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The opaque blob the server stores: the device secret sealed under a key derived from the passphrase. */
export async function sealBackup(secret: DeviceSecret, passphrase: string, iterations = DEFAULT_BACKUP_ITERATIONS): Promise<string> {
  if (iterations < MIN_BACKUP_ITERATIONS) throw new RangeError(`A key backup needs at least ${MIN_BACKUP_ITERATIONS} PBKDF2 iterations`);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const key = await passphraseKey(passphrase, salt, iterations);
  const ct = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, text.encode(JSON.stringify(secret)));
  const blob: BackupBlob = { v: 1, kdf: 'PBKDF2-SHA-256', iterations, salt: toBase64url(salt), iv: toBase64url(iv), ct: toBase64url(ct) };
  return JSON.stringify(blob);
}

export class WrongPassphraseError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The recovery passphrase does not open this key backup', options);
    this.name = 'WrongPassphraseError';
  }
}

/** Opens a blob; a wrong passphrase (or an altered blob) throws WrongPassphraseError. */
export async function openBackup(blob: string, passphrase: string): Promise<DeviceSecret> {
  const parsed = JSON.parse(blob) as BackupBlob;
  if (parsed.v !== 1 || parsed.kdf !== 'PBKDF2-SHA-256' || !(parsed.iterations >= MIN_BACKUP_ITERATIONS)) throw new Error('Not a key backup this client can open');
  const key = await passphraseKey(passphrase, fromBase64url(parsed.salt), parsed.iterations);
  try {
    const plain = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64url(parsed.iv), additionalData: AAD }, key, fromBase64url(parsed.ct));
    return JSON.parse(new TextDecoder().decode(plain)) as DeviceSecret;
  } catch (cause) {
    throw new WrongPassphraseError({ cause });
  }
}
