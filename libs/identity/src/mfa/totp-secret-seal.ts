import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks a sealed secret, and which scheme sealed it: AES-256-GCM, 96-bit IV, 128-bit tag, base64url parts. */
const V1 = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored TOTP secret that does not open: no key is the one that sealed it, or the row was altered. */
export class TotpSecretUnreadableError extends Error {
  constructor(cause: unknown) {
    super('The stored TOTP secret does not open with any configured key (MFA_SECRET_KEY, MFA_SECRET_KEYS_PREVIOUS, the one derived from JWT_SECRET)', { cause });
    this.name = 'TotpSecretUnreadableError';
  }
}

/** A stored secret, opened: `stale` when it should be stored again, sealed with the current key. */
export interface OpenedTotpSecret {
  secret: string;
  stale: boolean;
}

/**
 * Seals TOTP secrets for the users table, so a dump or backup holds no usable second factor.
 * Stored form: `v1:<iv>:<tag>:<ciphertext>`. A secret stored before sealing existed is base32
 * (never contains `:`), so a value without the `v1:` prefix is read as a legacy plaintext secret.
 * It seals with its first key and opens with any: a key that was in use before (the derived one
 * when MFA_SECRET_KEY is then set, an MFA_SECRET_KEY rotated into MFA_SECRET_KEYS_PREVIOUS) still
 * opens what it sealed, and the caller re-seals it.
 *
 * Each secret is bound to its owner (the tenant and user ids as GCM's additional data): a sealed
 * value copied into another user's row does not open there, so write access to one row cannot
 * give an attacker a second factor they know on another account.
 */
export class TotpSecretSeal {
  /** `keys`: the sealing key first, then keys that sealed before it. */
  constructor(private readonly keys: readonly Buffer[]) {
    if (!keys.length || keys.some((key) => key.length !== 32)) throw new Error('A TOTP secret seal takes one or more 32-byte keys');
  }

  /** `owner`: who the secret belongs to (see ownerOf); the same value must be given to open it. */
  seal(secret: string, owner: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0], iv);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [V1, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join(':');
  }

  /** The base32 secret of a stored value, sealed or legacy; throws TotpSecretUnreadableError when it does not open. */
  open(stored: string, owner: string): OpenedTotpSecret {
    if (!stored.startsWith(`${V1}:`)) return { secret: stored, stale: true };
    const parts = stored.split(':').slice(1).map((part) => Buffer.from(part, 'base64url'));
    const [iv, tag, ciphertext] = parts;
    if (parts.length !== 3 || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TotpSecretUnreadableError(new Error('malformed sealed secret'));
    let failure: unknown;
    for (const [index, key] of this.keys.entries()) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag);
        decipher.setAAD(Buffer.from(owner, 'utf8'));
        const secret = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
        return { secret, stale: index > 0 };
      } catch (error) {
        failure = error;
      }
    }
    throw new TotpSecretUnreadableError(failure);
  }
}

/** The owner a user's secret is sealed for. */
export const ownerOf = (user: { tenantId: string; id: string }): string => `${user.tenantId}:${user.id}`;
