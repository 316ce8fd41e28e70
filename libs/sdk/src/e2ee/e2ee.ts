import { ErrorCode, type CiphertextEnvelope, type Conversation, type CreateConversationRequest, type Message, type MessageQuote, type SendMessageRequest } from '@chat/contracts';
import type { ChatApi } from '../chat-api';
import { ChatApiError } from '../chat-api-error';
import { decryptBody, encryptBody, exportKeyPair, exportPublicJwk, generateDeviceKeyPair, importKeyPair, newConversationKey, unwrapKey, wrapKey } from './e2ee-crypto';
import { DecryptedIndex, type DecryptedMessage } from './decrypted-index';
import { openBackup, sealBackup, type DeviceSecret } from './key-backup';

/** No envelope of that key version reached this device: sent before it (or its user) got the key, or its keys were lost. */
export class E2eeKeyUnavailableError extends Error {
  constructor(
    readonly conversationId: string,
    readonly keyVersion: number,
  ) {
    super(`This device has no key for version ${keyVersion} of the conversation: messages from before you (or this device) got a key cannot be read`);
    this.name = 'E2eeKeyUnavailableError';
  }
}

interface KeyState {
  current: number;
  rotationRequired: boolean;
  byVersion: Map<number, CryptoKey>;
}

/**
 * One device's end-to-end encryption: its ECDH key pair (registered under its deviceId, the id
 * the socket handshake sends), the conversation keys it unwrapped, and the messages it decrypted
 * (the only place search over E2EE conversations can run). The private key never leaves the
 * device except sealed in the user's passphrase backup; keep `exportSecret()` in local storage.
 */
export class E2ee {
  private readonly keys = new Map<string, KeyState>();
  private readonly index = new DecryptedIndex();

  private constructor(
    private readonly api: ChatApi,
    readonly userId: string,
    readonly deviceId: string,
    private readonly keyPair: CryptoKeyPair,
  ) {}

  /** A new device: a fresh key pair, registered with the server. */
  static async setUp(api: ChatApi, userId: string, deviceId: string = globalThis.crypto.randomUUID()): Promise<E2ee> {
    return E2ee.register(api, userId, deviceId, await generateDeviceKeyPair());
  }

  /** This device again, from what `exportSecret()` gave (local storage) or a key backup. */
  static async open(api: ChatApi, userId: string, secret: DeviceSecret): Promise<E2ee> {
    return E2ee.register(api, userId, secret.deviceId, await importKeyPair(secret.privateJwk));
  }

  /**
   * A lost device's identity on a new one, from the server-stored backup and the passphrase.
   * Without a backup (or with the wrong passphrase) nothing can bring the history back: the
   * error says so in the server's own words (KeyBackupResponse.recoveryNotice).
   */
  static async restore(api: ChatApi, userId: string, passphrase: string): Promise<E2ee> {
    const backup = await api.keyBackup();
    if (backup.status !== 'stored' || !backup.blob) throw new Error(backup.recoveryNotice);
    return E2ee.open(api, userId, await openBackup(backup.blob, passphrase));
  }

  /**
   * This device with a key pair the caller keeps itself, e.g. a browser's non-extractable key in
   * IndexedDB, which `open()` (a JWK, imported extractable) cannot express. Registers its public half.
   */
  static async register(api: ChatApi, userId: string, deviceId: string, keyPair: CryptoKeyPair): Promise<E2ee> {
    await api.registerDeviceKey(deviceId, await exportPublicJwk(keyPair.publicKey));
    return new E2ee(api, userId, deviceId, keyPair);
  }

  async exportSecret(): Promise<DeviceSecret> {
    return { deviceId: this.deviceId, privateJwk: await exportKeyPair(this.keyPair) };
  }

  /** Stores this device's key on the server, sealed under a key only the passphrase gives. */
  async backUp(passphrase: string, iterations?: number): Promise<void> {
    await this.api.putKeyBackup(await sealBackup(await this.exportSecret(), passphrase, iterations));
  }

  /** Records the choice to have no backup: losing every device then loses the history for good. */
  async optOutOfBackup(): Promise<string> {
    return (await this.api.optOutOfKeyBackup()).recoveryNotice;
  }

  async createConversation(input: Omit<CreateConversationRequest, 'e2ee'>): Promise<Conversation> {
    const { conversation } = await this.api.createConversation({ ...input, e2ee: true });
    await this.rotate(conversation.id);
    return conversation;
  }

  /** A new conversation key for every current member device; due after every membership change. */
  async rotate(conversationId: string): Promise<number> {
    const { keyVersion, devices } = await this.api.e2eeDevices(conversationId);
    const next = keyVersion + 1;
    const key = await newConversationKey();
    const envelopes = await Promise.all(
      devices.map((d) => wrapKey(key, d.publicKey, { conversationId, keyVersion: next, recipientUserId: d.userId, recipientDeviceId: d.deviceId })),
    );
    await this.api.distributeKey(conversationId, { keyVersion: next, senderDeviceId: this.deviceId, envelopes });
    const state = this.keys.get(conversationId) ?? { current: next, rotationRequired: false, byVersion: new Map() };
    state.byVersion.set(next, key);
    state.current = next;
    state.rotationRequired = false;
    this.keys.set(conversationId, state);
    return next;
  }

  /** The current key for members' devices registered since it was made (the server keeps existing envelopes). */
  async shareWithNewDevices(conversationId: string): Promise<void> {
    const state = await this.refresh(conversationId);
    const key = state.byVersion.get(state.current);
    if (!key) throw new E2eeKeyUnavailableError(conversationId, state.current);
    const { devices } = await this.api.e2eeDevices(conversationId);
    const envelopes = await Promise.all(
      devices.map((d) => wrapKey(key, d.publicKey, { conversationId, keyVersion: state.current, recipientUserId: d.userId, recipientDeviceId: d.deviceId })),
    );
    await this.api.distributeKey(conversationId, { keyVersion: state.current, senderDeviceId: this.deviceId, envelopes });
  }

  /** Fetches this device's envelopes and opens the new ones. */
  async refresh(conversationId: string): Promise<KeyState> {
    const { keyVersion, rotationRequired, envelopes } = await this.api.myKeyEnvelopes(conversationId, this.deviceId);
    const state = this.keys.get(conversationId) ?? { current: keyVersion, rotationRequired, byVersion: new Map() };
    state.current = keyVersion;
    state.rotationRequired = rotationRequired;
    this.keys.set(conversationId, state);
    for (const e of envelopes) {
      if (state.byVersion.has(e.keyVersion)) continue;
      const context = { conversationId, keyVersion: e.keyVersion, recipientUserId: this.userId, recipientDeviceId: this.deviceId };
      // An envelope that does not open (altered, or not made for this device) is no key: its messages stay unreadable.
      const key = await unwrapKey(this.keyPair.privateKey, e, context).catch(() => null);
      if (key) state.byVersion.set(e.keyVersion, key);
    }
    return state;
  }

  /**
   * The body to send: ciphertext under the conversation's current key. The first sender after a
   * membership change makes the new key (a concurrent rotation elsewhere wins: its key is fetched).
   */
  async encrypt(conversationId: string, plaintext: string): Promise<string> {
    let state = this.keys.get(conversationId) ?? (await this.refresh(conversationId));
    if (state.rotationRequired) {
      await this.rotate(conversationId).catch((err: unknown) => {
        if (!(err instanceof ChatApiError) || err.code !== ErrorCode.E2EE_KEY_VERSION_STALE) throw err;
      });
      state = await this.refresh(conversationId);
    }
    const key = state.byVersion.get(state.current);
    if (!key) throw new E2eeKeyUnavailableError(conversationId, state.current);
    return encryptBody(key, plaintext, { conversationId, senderId: this.userId, keyVersion: state.current });
  }

  /**
   * Sends over REST, with `replyTo` and `mentions` as given (they travel in clear beside the
   * ciphertext, as the server needs them); a key that moved on meanwhile (409) is fetched or
   * rotated once and the send retried.
   */
  async send(conversationId: string, plaintext: string, clientMessageId: string = globalThis.crypto.randomUUID(), extras: Pick<SendMessageRequest, 'replyTo' | 'mentions'> = {}): Promise<Message> {
    const sealed = async () => ({ clientMessageId, body: await this.encrypt(conversationId, plaintext), ...extras });
    try {
      return (await this.api.sendMessage(conversationId, await sealed())).message;
    } catch (err) {
      if (!(err instanceof ChatApiError) || (err.code !== ErrorCode.E2EE_KEY_VERSION_STALE && err.code !== ErrorCode.E2EE_ROTATION_REQUIRED)) throw err;
      await this.refresh(conversationId);
      return (await this.api.sendMessage(conversationId, await sealed())).message;
    }
  }

  /** The plaintext of a message (a tombstone's is empty); remembered for search(). */
  async decrypt(message: Message): Promise<string> {
    if (message.deletedAt) return '';
    const text = await this.open(message.conversationId, message.senderId, message.body);
    this.index.add(message, text);
    return text;
  }

  /** The plaintext of the message a reply quotes (Message.replyTo); empty once it is deleted. */
  async decryptQuote(conversationId: string, quote: MessageQuote): Promise<string> {
    return quote.deleted ? '' : this.open(conversationId, quote.senderId, quote.body);
  }

  private async open(conversationId: string, senderId: string, body: string): Promise<string> {
    const envelope = JSON.parse(body) as CiphertextEnvelope;
    let key = this.keys.get(conversationId)?.byVersion.get(envelope.keyVersion);
    if (!key) key = (await this.refresh(conversationId)).byVersion.get(envelope.keyVersion);
    if (!key) throw new E2eeKeyUnavailableError(conversationId, envelope.keyVersion);
    return decryptBody(key, envelope, { conversationId, senderId });
  }

  /** Client-side search over the messages this device decrypted (the server cannot search E2EE conversations). */
  search(query: string, conversationId?: string): DecryptedMessage[] {
    return this.index.search(query, conversationId);
  }
}
