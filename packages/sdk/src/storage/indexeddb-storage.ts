import type { KeyValueStorage } from './key-value-storage.js';

const STORE = 'kv';

/** Opens (creating on first use) a database with one object store of string values. */
export function openIndexedDb(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => {
      const db = request.result;
      // Let another tab upgrade the schema instead of blocking it forever.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error(`IndexedDB "${name}" is blocked by another open connection`));
  });
}

/** A KeyValueStorage over one IndexedDB object store. */
export function indexedDbStorage(db: IDBDatabase): KeyValueStorage {
  const read = <T>(run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
    new Promise((resolve, reject) => {
      const request = run(db.transaction(STORE, 'readonly').objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  // Writes resolve on the transaction's `complete`, with strict durability: Chromium's default
  // ("relaxed") may acknowledge a write that a power loss then forgets.
  const write = (run: (store: IDBObjectStore) => void): Promise<void> =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
      run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });

  return {
    async get(key) {
      const value = await read((store) => store.get(key));
      return typeof value === 'string' ? value : undefined;
    },
    set: (key, value) => write((store) => store.put(value, key)),
    remove: (key) => write((store) => store.delete(key)),
    async keys(prefix = '') {
      const keys = await read((store) => store.getAllKeys());
      return keys.filter((key): key is string => typeof key === 'string' && key.startsWith(prefix));
    },
  };
}
