import { inStore } from '../indexed-db';

/**
 * This browser's E2EE device key pairs in IndexedDB, one per account and device id. The private
 * key is stored as a non-extractable CryptoKey (IndexedDB keeps CryptoKeys by structured clone),
 * so script on the page can use it but never read its bytes out.
 */
const DEVICE_KEYS = { db: 'chat-e2ee', store: 'device-keys', keyPath: ['userId', 'deviceId'] };

export interface StoredDeviceKey {
  userId: string;
  deviceId: string;
  keyPair: CryptoKeyPair;
}

export async function loadDeviceKey(userId: string, deviceId: string): Promise<StoredDeviceKey | undefined> {
  return inStore<StoredDeviceKey | undefined>(DEVICE_KEYS, 'readonly', (store) => store.get([userId, deviceId]) as IDBRequest<StoredDeviceKey | undefined>);
}

/**
 * Stores a key pair unless one is there already, and answers the one kept: two tabs making a key
 * at the same moment end up with the same one (the first stored), never with one each.
 */
export async function keepDeviceKey(entry: StoredDeviceKey): Promise<StoredDeviceKey> {
  try {
    await inStore(DEVICE_KEYS, 'readwrite', (store) => store.add(entry));
    return entry;
  } catch (err) {
    if (!(err instanceof DOMException && err.name === 'ConstraintError')) throw err;
    return (await loadDeviceKey(entry.userId, entry.deviceId)) ?? entry;
  }
}

/** Replaces the key (a restored backup): the device becomes the one the backup was made on. */
export async function replaceDeviceKey(entry: StoredDeviceKey): Promise<void> {
  await inStore(DEVICE_KEYS, 'readwrite', (store) => store.put(entry));
}
