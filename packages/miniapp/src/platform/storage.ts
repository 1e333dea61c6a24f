import type { KeyValueStorage } from '@shopfloor/sdk';

/** The Taro storage calls the mini-program storage needs (Taro.getStorage & co. in weapp and dd). */
export interface TaroStorageApi {
  getStorage(options: { key: string }): Promise<{ data: unknown }>;
  setStorage(options: { key: string; data: string }): Promise<unknown>;
  removeStorage(options: { key: string }): Promise<unknown>;
  getStorageInfo(): Promise<{ keys: string[] }>;
}

/**
 * KeyValueStorage over the mini-program storage. Keys get `namespace:` in front so that `keys()`
 * lists only ours. A missing key makes getStorage reject: that reads as undefined here.
 */
export function createTaroStorage(api: TaroStorageApi, namespace: string): KeyValueStorage {
  const prefix = `${namespace}:`;
  return {
    async get(key) {
      try {
        const { data } = await api.getStorage({ key: prefix + key });
        return typeof data === 'string' ? data : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await api.setStorage({ key: prefix + key, data: value });
    },
    async remove(key) {
      await api.removeStorage({ key: prefix + key });
    },
    async keys(keyPrefix = '') {
      const { keys } = await api.getStorageInfo();
      return keys.filter((key) => key.startsWith(prefix + keyPrefix)).map((key) => key.slice(prefix.length));
    },
  };
}
