import type { CiphertextEnvelope, DevicePublicJwk, WrappedKey } from '@chat/contracts';

/**
 * The WebCrypto primitives of E2EE (browsers and Node 20's globalThis.crypto alike). Every
 * ciphertext is bound by AES-GCM additional data (or the HKDF info) to where it belongs, so the
 * server cannot move a body to another conversation or sender, nor an envelope to another device
 * or key version, without decryption failing.
 */
const subtle = () => globalThis.crypto.subtle;
const text = new TextEncoder();
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

export function toBase64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** Extractable, so the private half can go into the user's passphrase-encrypted backup. */
export function generateDeviceKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey(ECDH, true, ['deriveKey', 'deriveBits']) as Promise<CryptoKeyPair>;
}

export async function exportPublicJwk(key: CryptoKey): Promise<DevicePublicJwk> {
  const { x, y } = await subtle().exportKey('jwk', key);
  return { kty: 'EC', crv: 'P-256', x: x!, y: y! };
}

export function importPublicJwk(jwk: DevicePublicJwk): Promise<CryptoKey> {
  return subtle().importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true }, ECDH, true, []);
}

export async function exportKeyPair(pair: CryptoKeyPair): Promise<JsonWebKey> {
  return subtle().exportKey('jwk', pair.privateKey);
}

export async function importKeyPair(privateJwk: JsonWebKey): Promise<CryptoKeyPair> {
  const privateKey = await subtle().importKey('jwk', privateJwk, ECDH, true, ['deriveKey', 'deriveBits']);
  const publicKey = await importPublicJwk({ kty: 'EC', crv: 'P-256', x: privateJwk.x!, y: privateJwk.y! });
  return { privateKey, publicKey };
}

/** A fresh conversation key: AES-256-GCM, extractable only so it can be wrapped for each device. */
export function newConversationKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/** Where a wrapped key belongs: HKDF's info, so an envelope opens only for that conversation, version and device. */
export interface WrapContext {
  conversationId: string;
  keyVersion: number;
  recipientUserId: string;
  recipientDeviceId: string;
}

const wrapInfo = (c: WrapContext) => text.encode(`chat-e2ee-wrap/v1|${c.conversationId}|${c.keyVersion}|${c.recipientUserId}|${c.recipientDeviceId}`);

async function wrappingKey(privateKey: CryptoKey, publicKey: CryptoKey, context: WrapContext, usage: KeyUsage): Promise<CryptoKey> {
  const shared = await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const hkdf = await subtle().importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: wrapInfo(context) }, hkdf, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** ECDH with a one-time key pair against the recipient device's public key → HKDF-SHA-256 → AES-GCM over the raw key. */
export async function wrapKey(conversationKey: CryptoKey, recipient: DevicePublicJwk, context: WrapContext): Promise<WrappedKey> {
  const ephemeral = (await subtle().generateKey(ECDH, true, ['deriveBits'])) as CryptoKeyPair;
  const key = await wrappingKey(ephemeral.privateKey, await importPublicJwk(recipient), context, 'encrypt');
  const iv = randomBytes(12);
  const raw = await subtle().exportKey('raw', conversationKey);
  const sealed = await subtle().encrypt({ name: 'AES-GCM', iv }, key, raw);
  return {
    recipientUserId: context.recipientUserId,
    recipientDeviceId: context.recipientDeviceId,
    ephemeralPublicKey: await exportPublicJwk(ephemeral.publicKey),
    iv: toBase64url(iv),
    wrappedKey: toBase64url(sealed),
  };
}

/** Opens an envelope with the device's private key; throws (OperationError) when it is not this device's or was altered. */
export async function unwrapKey(devicePrivateKey: CryptoKey, envelope: Pick<WrappedKey, 'ephemeralPublicKey' | 'iv' | 'wrappedKey'>, context: WrapContext): Promise<CryptoKey> {
  const key = await wrappingKey(devicePrivateKey, await importPublicJwk(envelope.ephemeralPublicKey), context, 'decrypt');
  const raw = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64url(envelope.iv) }, key, fromBase64url(envelope.wrappedKey));
  return subtle().importKey('raw', raw, { name: 'AES-GCM' }, true, ['encrypt', 'decrypt']);
}

/** Binds a body to its conversation, sender and key version. */
export interface BodyContext {
  conversationId: string;
  senderId: string;
  keyVersion: number;
}

const bodyData = (c: BodyContext) => text.encode(`chat-e2ee-body/v1|${c.conversationId}|${c.senderId}|${c.keyVersion}`);

/** The body to send: the envelope as JSON (see CiphertextEnvelope). */
export async function encryptBody(key: CryptoKey, plaintext: string, context: BodyContext): Promise<string> {
  const iv = randomBytes(12);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: bodyData(context) }, key, text.encode(plaintext));
  const envelope: CiphertextEnvelope = { v: 1, keyVersion: context.keyVersion, iv: toBase64url(iv), ct: toBase64url(ct) };
  return JSON.stringify(envelope);
}

export async function decryptBody(key: CryptoKey, envelope: CiphertextEnvelope, context: Omit<BodyContext, 'keyVersion'>): Promise<string> {
  const plain = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64url(envelope.iv), additionalData: bodyData({ ...context, keyVersion: envelope.keyVersion }) }, key, fromBase64url(envelope.ct));
  return new TextDecoder().decode(plain);
}
