import type { KeyValueStorage } from './key-value-storage.js';

/** Storage in a Map: for tests, Node scripts and as the model the other adapters follow. */
export function createMemoryStorage(initial?: Iterable<readonly [string, string]>): KeyValueStorage {
  const values = new Map<string, string>(initial);
  return {
    async get(key) {
      return values.get(key);
    },
    async set(key, value) {
      values.set(key, value);
    },
    async remove(key) {
      values.delete(key);
    },
    async keys(prefix = '') {
      return [...values.keys()].filter((key) => key.startsWith(prefix));
    },
  };
}
