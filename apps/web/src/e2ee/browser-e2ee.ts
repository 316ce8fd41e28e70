import { ErrorCode, type Conversation, type CreateConversationRequest, type KeyBackupResponse, type Message, type MessageQuote } from '@chat/contracts';
import { ChatApiError, E2ee, E2eeKeyUnavailableError, exportKeyPair, importPublicJwk, openBackup, sealBackup } from '@chat/sdk';
import type { SessionApi } from '../session-api';
import { adoptDeviceId } from './device-id';
import { keepDeviceKey, loadDeviceKey, replaceDeviceKey } from './device-key-store';

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** What the client shows for a message: its text, or whether this device has no key for it. */
export interface Revealed {
  message: Message;
  /** No key on this device opens it (sent before I or this device got one, or the key was lost). */
  unreadable: boolean;
  /** The message it answers (`replyTo`, quoted) is one no key on this device opens. */
  quoteUnreadable: boolean;
}

/**
 * End-to-end encryption in this browser: the device key pair (made once per account and device,
 * private half non-extractable in IndexedDB, public half registered with the server on every
 * start), then through the SDK's E2ee the bodies sealed for sending and opened for display.
 * Conversations without `e2ee` pass through untouched.
 */
export class BrowserE2ee {
  private device: Promise<E2ee> | null = null;
  /**
   * The key pair as made, extractable, while the page that made it lives: the only moment its
   * private half can be sealed into a passphrase backup, since the copy in IndexedDB never
   * gives its bytes out again.
   */
  private exportable: CryptoKeyPair | null = null;
  /** Conversations seen with `e2ee` (opened, created): the sidebar's list entries may not say so. */
  private readonly encrypted = new Set<string>();

  constructor(
    private readonly api: SessionApi,
    private readonly userId: string,
    readonly deviceId: string,
    private readonly conversationOf: (conversationId: string) => Conversation | undefined,
  ) {}

  /** Makes sure this browser has a registered device key; the same answer for every caller. */
  ready(): Promise<E2ee> {
    this.device ??= this.setUp().catch((err: unknown) => {
      this.device = null; // a network failure: the next use tries again
      throw err;
    });
    return this.device;
  }

  isEncrypted(conversationId: string): boolean {
    return this.encrypted.has(conversationId) || !!this.conversationOf(conversationId)?.e2ee;
  }

  note(conversation: Conversation): void {
    if (conversation.e2ee) this.encrypted.add(conversation.id);
  }

  /** The body to send: ciphertext under the current key in an E2EE conversation (rotating first when membership changed). */
  async seal(conversationId: string, body: string): Promise<string> {
    if (!this.isEncrypted(conversationId)) return body;
    const device = await this.ready();
    try {
      return await device.encrypt(conversationId, body);
    } catch (err) {
      if (!(err instanceof E2eeKeyUnavailableError)) throw err;
      // This device registered after the current key was made, so it has none: any member may make the next one, for every device.
      await device.rotate(conversationId);
      return device.encrypt(conversationId, body);
    }
  }

  /**
   * After the server refused a sealed body because its key moved on (another member rotated) or a
   * membership change wants a new one: learns the conversation's key state, so the next seal uses
   * the current key or makes the next one. False for any other refusal.
   */
  async recover(err: unknown, conversationId: string): Promise<boolean> {
    if (!(err instanceof ChatApiError) || !isKeyRefusal(err.code) || !this.isEncrypted(conversationId)) return false;
    await (await this.ready()).refresh(conversationId);
    return true;
  }

  /** Messages as shown, in order: one at a time, so the first one missing a key fetches it for the rest. */
  async revealAll(conversation: Conversation, messages: Message[]): Promise<Revealed[]> {
    const revealed: Revealed[] = [];
    for (const message of messages) revealed.push(await this.reveal(conversation, message));
    return revealed;
  }

  /** A reply's quote is opened with it: its body is the answered message's ciphertext. */
  async reveal(conversation: Conversation, message: Message): Promise<Revealed> {
    if (!this.isEncrypted(conversation.id) || message.deletedAt) return { message, unreadable: false, quoteUnreadable: false };
    const quote = message.replyTo && (await this.revealQuote(message.conversationId, message.replyTo));
    const replyTo = quote?.replyTo;
    const quoteUnreadable = !!quote?.unreadable;
    try {
      const body = await (await this.ready()).decrypt(message);
      return { message: { ...message, body, replyTo }, unreadable: false, quoteUnreadable };
    } catch {
      // No key for it here, or a body that does not open: never show the ciphertext itself.
      return { message: { ...message, body: '', replyTo }, unreadable: true, quoteUnreadable };
    }
  }

  /** The answered message's text, opened as that message would be (not added to the search index: it may not be loaded); a deleted one has nothing to open. */
  private async revealQuote(conversationId: string, quote: MessageQuote): Promise<{ replyTo: MessageQuote; unreadable: boolean }> {
    if (quote.deleted) return { replyTo: quote, unreadable: false };
    try {
      return { replyTo: { ...quote, body: await (await this.ready()).decryptQuote(conversationId, quote) }, unreadable: false };
    } catch {
      return { replyTo: { ...quote, body: '' }, unreadable: true };
    }
  }

  /**
   * A new E2EE group or direct conversation, with its first key wrapped for every member device.
   * The conversation stands even when that key cannot be made yet (a member with no device key
   * registered): `keyError` says why, and the first send tries again.
   */
  async createConversation(request: Omit<CreateConversationRequest, 'e2ee'>): Promise<{ conversation: Conversation; keyError: unknown }> {
    const device = await this.ready();
    const { conversation } = await this.api.createConversation({ ...request, e2ee: true });
    this.note(conversation);
    const keyError = await device.rotate(conversation.id).then(
      () => null,
      (err: unknown) => err,
    );
    return { conversation, keyError };
  }

  /** Client-side search over what this browser decrypted in one conversation. */
  async search(conversationId: string, query: string): Promise<Message[]> {
    return (await this.ready()).search(query, conversationId).map((hit) => ({ ...hit.message, body: hit.text }));
  }

  backupState(): Promise<KeyBackupResponse> {
    return this.api.keyBackup();
  }

  /** Records that I want no backup: losing every device then loses the encrypted history for good. */
  async optOutOfBackup(): Promise<void> {
    await this.api.optOutOfKeyBackup();
  }

  /** Whether this page can still seal the device key into a backup (it made the key). */
  async canBackUp(): Promise<boolean> {
    await this.ready();
    return !!this.exportable;
  }

  /** Stores this device's key on the server, sealed (by the SDK) under a key only the passphrase gives. */
  async backUp(passphrase: string, iterations?: number): Promise<void> {
    await this.ready();
    if (!this.exportable) throw new Error('This browser can no longer export its key');
    const blob = await sealBackup({ deviceId: this.deviceId, privateJwk: await exportKeyPair(this.exportable) }, passphrase, iterations);
    await this.api.putKeyBackup(blob);
  }

  /**
   * Makes this browser the device the backup was made on: its key (kept non-extractable like any
   * other) and its device id. Takes effect on the next page load, which starts the socket under
   * that id. A wrong passphrase throws the SDK's WrongPassphraseError.
   */
  async restore(passphrase: string): Promise<void> {
    const backup = await this.api.keyBackup();
    if (backup.status !== 'stored' || !backup.blob) throw new Error(backup.recoveryNotice);
    const secret = await openBackup(backup.blob, passphrase);
    const { x, y } = secret.privateJwk;
    const keyPair: CryptoKeyPair = {
      privateKey: await crypto.subtle.importKey('jwk', secret.privateJwk, ECDH, false, ['deriveKey', 'deriveBits']),
      publicKey: await importPublicJwk({ kty: 'EC', crv: 'P-256', x: x!, y: y! }),
    };
    await replaceDeviceKey({ userId: this.userId, deviceId: secret.deviceId, keyPair });
    adoptDeviceId(this.userId, secret.deviceId);
  }

  private async setUp(): Promise<E2ee> {
    const stored = await loadDeviceKey(this.userId, this.deviceId);
    if (stored) return E2ee.register(this.api, this.userId, this.deviceId, stored.keyPair);
    const made = await newDeviceKeyPair();
    const kept = await keepDeviceKey({ userId: this.userId, deviceId: this.deviceId, keyPair: await withoutExport(made) });
    // Another tab stored its key first: that one is this device's, and only that tab can back it up.
    if (await samePublicKey(kept.keyPair.publicKey, made.publicKey)) this.exportable = made;
    return E2ee.register(this.api, this.userId, this.deviceId, kept.keyPair);
  }
}

/** Refusals a fresh look at the conversation's key state cures. */
export function isKeyRefusal(code: string): boolean {
  return code === ErrorCode.E2EE_KEY_VERSION_STALE || code === ErrorCode.E2EE_ROTATION_REQUIRED;
}

/** Made extractable so this page can back it up; what is stored is withoutExport's copy. */
function newDeviceKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ECDH, true, ['deriveKey', 'deriveBits']) as Promise<CryptoKeyPair>;
}

/** The same pair with the private half non-extractable: usable for ECDH, its bytes never readable again. */
async function withoutExport(pair: CryptoKeyPair): Promise<CryptoKeyPair> {
  const privateKey = await crypto.subtle.importKey('jwk', await crypto.subtle.exportKey('jwk', pair.privateKey), ECDH, false, ['deriveKey', 'deriveBits']);
  return { privateKey, publicKey: pair.publicKey };
}

async function samePublicKey(a: CryptoKey, b: CryptoKey): Promise<boolean> {
  const [ja, jb] = await Promise.all([crypto.subtle.exportKey('jwk', a), crypto.subtle.exportKey('jwk', b)]);
  return ja.x === jb.x && ja.y === jb.y;
}
