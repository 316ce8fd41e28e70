/**
 * This browser's E2EE device key pairs in IndexedDB, one per account and device id. The private
 * key is stored as a non-extractable CryptoKey (IndexedDB keeps CryptoKeys by structured clone),
 * so script on the page can use it but never read its bytes out.
 */
const DB_NAME = 'chat-e2ee';
const STORE = 'device-keys';

export interface StoredDeviceKey {
  userId: string;
  deviceId: string;
  keyPair: CryptoKeyPair;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ['userId', 'deviceId'] });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export async function loadDeviceKey(userId: string, deviceId: string): Promise<StoredDeviceKey | undefined> {
  return run<StoredDeviceKey | undefined>('readonly', (store) => store.get([userId, deviceId]) as IDBRequest<StoredDeviceKey | undefined>);
}

/**
 * Stores a key pair unless one is there already, and answers the one kept: two tabs making a key
 * at the same moment end up with the same one (the first stored), never with one each.
 */
export async function keepDeviceKey(entry: StoredDeviceKey): Promise<StoredDeviceKey> {
  try {
    await run('readwrite', (store) => store.add(entry));
    return entry;
  } catch (err) {
    if (!(err instanceof DOMException && err.name === 'ConstraintError')) throw err;
    return (await loadDeviceKey(entry.userId, entry.deviceId)) ?? entry;
  }
}

/** Replaces the key (a restored backup): the device becomes the one the backup was made on. */
export async function replaceDeviceKey(entry: StoredDeviceKey): Promise<void> {
  await run('readwrite', (store) => store.put(entry));
}
