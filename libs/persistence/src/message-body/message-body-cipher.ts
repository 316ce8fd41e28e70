import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { MessageEncryptionKey } from '@chat/platform';

/** A sealed body: `enc1:<keyId>:<base64(iv | ciphertext | tag)>`, AES-256-GCM. */
export const SEALED_PREFIX = 'enc1:';
/**
 * A body stored as sent although it begins like a sealed one (or like this marker): written only
 * while encryption is off, so that a user typing `enc1:…` cannot make their own row read as sealed
 * (and fail, breaking the page it is on). With encryption on every body is sealed, so none needs it.
 */
export const ESCAPED_PREFIX = 'enc0:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a stored body does not open. Never says anything of the body itself. */
export type UnreadableReason = 'unknown-key' | 'authentication-failed' | 'malformed' | 'content-unavailable';

/** A stored body that does not open: served as an error (500, logged), never as the stored text. */
export class MessageBodyUnreadableError extends Error {
  constructor(
    readonly messageId: string,
    readonly keyId: string | null,
    readonly reason: UnreadableReason,
    cause?: unknown,
  ) {
    super(
      reason === 'unknown-key'
        ? `The body of message ${messageId} is sealed with key id "${keyId}", which is not in MESSAGE_ENCRYPTION_KEYS`
        : reason === 'authentication-failed'
          ? `The body of message ${messageId} does not open with key id "${keyId}": it was altered, or sealed for another message`
          : reason === 'content-unavailable'
            ? `The body of message ${messageId} is in the message content store, which could not give it`
            : `The body of message ${messageId} begins like a sealed body but is not one`,
      { cause },
    );
    this.name = 'MessageBodyUnreadableError';
  }
}

/**
 * Seals message bodies for the messages table and opens them again (seed 004 R6.1: content
 * encrypted at rest, under MESSAGE_ENCRYPTION_KEYS, which the operator holds, not the database).
 *
 * - Seals with the first key, opens with any configured one, chosen by the key id in the value.
 * - The message id is GCM's additional data: a sealed body copied into another row does not open.
 * - A value without the prefix is read as it is: rows stored before encryption was turned on
 *   (`messages:reencrypt` seals them), and tombstones' empty bodies.
 * - Off (no keys): bodies are stored as sent, but one beginning with `enc1:` or `enc0:` is escaped.
 */
export class MessageBodyCipher {
  private readonly logger = new Logger(MessageBodyCipher.name);
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** Null when encryption is off. */
  readonly currentKeyId: string | null;

  constructor(keys: readonly MessageEncryptionKey[]) {
    if (keys.some((k) => k.key.length !== 32)) throw new Error('Message body keys must be 32 bytes');
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    this.currentKeyId = keys[0]?.id ?? null;
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** The stored form of `body` for the row of `messageId`. */
  seal(body: string, messageId: string): string {
    const keyId = this.currentKeyId;
    if (keyId === null) return body.startsWith(SEALED_PREFIX) || body.startsWith(ESCAPED_PREFIX) ? ESCAPED_PREFIX + body : body;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(messageId, 'utf8'));
    const sealed = Buffer.concat([iv, cipher.update(body, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${SEALED_PREFIX}${keyId}:${sealed.toString('base64')}`;
  }

  /** The body a stored value holds; throws MessageBodyUnreadableError (and logs it) when it does not open. */
  open(stored: string, messageId: string): string {
    if (stored.startsWith(ESCAPED_PREFIX)) return stored.slice(ESCAPED_PREFIX.length);
    if (!stored.startsWith(SEALED_PREFIX)) return stored;
    const keyId = sealedKeyId(stored);
    if (keyId === null) throw this.unreadable(messageId, null, 'malformed');
    const sealed = Buffer.from(stored.slice(SEALED_PREFIX.length + keyId.length + 1), 'base64');
    if (sealed.length < IV_BYTES + TAG_BYTES) throw this.unreadable(messageId, keyId, 'malformed');
    const key = this.keys.get(keyId);
    if (!key) throw this.unreadable(messageId, keyId, 'unknown-key');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(messageId, 'utf8'));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw this.unreadable(messageId, keyId, 'authentication-failed', err);
    }
  }

  unreadable(messageId: string, keyId: string | null, reason: UnreadableReason, cause?: unknown): MessageBodyUnreadableError {
    const error = new MessageBodyUnreadableError(messageId, keyId, reason, cause);
    this.logger.error({ event: 'message.body.unreadable', messageId, keyId, reason }, error.message);
    return error;
  }
}

/** The key id of a sealed value; null for anything else. */
export function sealedKeyId(stored: string): string | null {
  if (!stored.startsWith(SEALED_PREFIX)) return null;
  const end = stored.indexOf(':', SEALED_PREFIX.length);
  return end > SEALED_PREFIX.length ? stored.slice(SEALED_PREFIX.length, end) : null;
}
