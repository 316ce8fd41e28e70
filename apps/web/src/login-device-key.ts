import type { AuthResponse } from '@chat/contracts';
import { generateDeviceSigningKeyPair, webCryptoDeviceKey, type DeviceKeySigner } from '@chat/sdk';
import { inStore } from './indexed-db';

/**
 * The key each account's login in this browser is bound to (contracts device-proof.ts), so a
 * refresh token read out of localStorage is of no use anywhere else. Every login makes a new
 * ECDSA P-256 pair whose private half is a non-extractable CryptoKey kept in IndexedDB (by
 * structured clone: script can sign with it but never read it); a new login of the account
 * replaces the key of the one before, as it replaces its tokens. Browsers without WebCrypto (plain
 * http) or a working IndexedDB log in unbound.
 */
const LOGIN_KEYS = { db: 'chat-login-keys', store: 'keys', keyPath: 'userId' };

interface StoredLoginKey {
  userId: string;
  keyPair: CryptoKeyPair;
}

/** Runs a login with a new device key where this browser can keep one, and keeps it for the account logged into. */
export async function loginWithDeviceKey(login: (deviceKey: DeviceKeySigner | undefined) => Promise<AuthResponse>): Promise<AuthResponse> {
  const keyPair = await newKeyPair();
  const auth = await login(keyPair && (await webCryptoDeviceKey(keyPair)));
  if (keyPair) await inStore(LOGIN_KEYS, 'readwrite', (store) => store.put({ userId: auth.user.id, keyPair } satisfies StoredLoginKey));
  return auth;
}

/**
 * The key the account's login is bound to; undefined for an unbound login, whose refresh needs
 * none: also where IndexedDB will not open, as a login made there was not bound either.
 */
export async function loginDeviceKey(userId: string): Promise<DeviceKeySigner | undefined> {
  if (!canKeepKeys()) return undefined;
  try {
    const stored = await inStore<StoredLoginKey | undefined>(LOGIN_KEYS, 'readonly', (store) => store.get(userId) as IDBRequest<StoredLoginKey | undefined>);
    return stored && (await webCryptoDeviceKey(stored.keyPair));
  } catch {
    return undefined;
  }
}

function canKeepKeys(): boolean {
  return typeof indexedDB !== 'undefined' && globalThis.crypto?.subtle !== undefined;
}

async function newKeyPair(): Promise<CryptoKeyPair | undefined> {
  if (!canKeepKeys()) return undefined;
  try {
    // Some private modes have IndexedDB but refuse to open it: find out before binding a login to a key that could not be kept.
    await inStore(LOGIN_KEYS, 'readonly', (store) => store.count());
    return await generateDeviceSigningKeyPair();
  } catch {
    return undefined;
  }
}
