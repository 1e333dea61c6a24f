import { indexedDbStorage, openIndexedDb } from './indexeddb-storage.js';
import type { KeyValueStorage } from './key-value-storage.js';
import { type WebStorageLike, webStorage } from './local-storage.js';
import { StorageUnavailableError } from './storage-unavailable-error.js';

export interface BrowserStorageOptions {
  /** Database name for IndexedDB, key prefix for localStorage: one per app and purpose. */
  namespace: string;
  /** Defaults to `globalThis.indexedDB`; `null` skips IndexedDB. */
  indexedDB?: IDBFactory | null;
  /** Defaults to `globalThis.localStorage`; `null` skips it. */
  localStorage?: WebStorageLike | null;
}

export type BrowserStorageBackend = 'indexeddb' | 'localstorage';

export interface BrowserStorage extends KeyValueStorage {
  /** Which backend the storage settled on (resolves once it is open). */
  backend(): Promise<BrowserStorageBackend>;
}

/**
 * Persistent storage for browsers and webviews: IndexedDB when it opens, else localStorage (private
 * modes and some webviews refuse IndexedDB). Opens lazily on first use; never falls back to memory,
 * since a queue that silently forgets on reload would break the outbox's promise.
 */
export function createBrowserStorage(options: BrowserStorageOptions): BrowserStorage {
  let opened: Promise<{ backend: BrowserStorageBackend; storage: KeyValueStorage }> | undefined;
  const open = () => {
    opened ??= openBackend(options);
    return opened;
  };
  return {
    backend: async () => (await open()).backend,
    get: async (key) => (await open()).storage.get(key),
    set: async (key, value) => (await open()).storage.set(key, value),
    remove: async (key) => (await open()).storage.remove(key),
    keys: async (prefix) => (await open()).storage.keys(prefix),
  };
}

async function openBackend(options: BrowserStorageOptions) {
  const factory = options.indexedDB === undefined ? globalIndexedDb() : options.indexedDB;
  let indexedDbFailure: unknown;
  if (factory) {
    try {
      const db = await openIndexedDb(factory, options.namespace);
      return { backend: 'indexeddb' as const, storage: indexedDbStorage(db) };
    } catch (error) {
      indexedDbFailure = error;
    }
  }
  const local = options.localStorage === undefined ? globalLocalStorage() : options.localStorage;
  if (local) return { backend: 'localstorage' as const, storage: webStorage(local, options.namespace) };
  throw new StorageUnavailableError('No persistent storage: neither IndexedDB nor localStorage can be used', {
    cause: indexedDbFailure,
  });
}

function globalIndexedDb(): IDBFactory | undefined {
  try {
    return globalThis.indexedDB ?? undefined;
  } catch {
    return undefined; // some sandboxed iframes throw on mere access
  }
}

function globalLocalStorage(): WebStorageLike | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // Safari and Chromium throw SecurityError when site data is blocked
  }
}
