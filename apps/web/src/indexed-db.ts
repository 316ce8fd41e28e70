/** One object store of this page's own IndexedDB database (version 1: its only store). */
export interface ObjectStoreSpec {
  db: string;
  store: string;
  keyPath: string | string[];
}

function openDb({ db, store, keyPath }: ObjectStoreSpec): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(db, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(store, { keyPath });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

/** One request on the store; the database is opened for it and closed after, as these stores are used rarely. */
export async function inStore<T>(spec: ObjectStoreSpec, mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb(spec);
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(spec.store, mode).objectStore(spec.store));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}
