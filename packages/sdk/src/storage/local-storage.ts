import type { KeyValueStorage } from './key-value-storage.js';

/** The part of the Web Storage API the adapter uses (window.localStorage satisfies it). */
export interface WebStorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A KeyValueStorage over localStorage, every key prefixed with `<namespace>:` so apps can share an origin. */
export function webStorage(storage: WebStorageLike, namespace: string): KeyValueStorage {
  const prefixOf = `${namespace}:`;
  return {
    async get(key) {
      return storage.getItem(prefixOf + key) ?? undefined;
    },
    async set(key, value) {
      storage.setItem(prefixOf + key, value);
    },
    async remove(key) {
      storage.removeItem(prefixOf + key);
    },
    async keys(prefix = '') {
      const wanted = prefixOf + prefix;
      const found: string[] = [];
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index);
        if (key?.startsWith(wanted)) found.push(key.slice(prefixOf.length));
      }
      return found;
    },
  };
}
