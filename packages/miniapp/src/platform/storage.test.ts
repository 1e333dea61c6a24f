import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTaroStorage, type TaroStorageApi } from './storage';

/** Taro's storage calls over a Map, rejecting reads of missing keys the way the runtimes do. */
function fakeTaroStorage(): TaroStorageApi & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    async getStorage({ key }) {
      if (!raw.has(key)) throw { errMsg: 'getStorage:fail data not found' };
      return { data: raw.get(key) };
    },
    async setStorage({ key, data }) {
      raw.set(key, data);
    },
    async removeStorage({ key }) {
      raw.delete(key);
    },
    async getStorageInfo() {
      return { keys: [...raw.keys()] };
    },
  };
}

describe('Taro storage for weapp and dd', () => {
  it('reads back what was written, and a missing key as undefined', async () => {
    const storage = createTaroStorage(fakeTaroStorage(), 'shopfloor');
    await storage.set('session', '{"token":"t"}');
    expect(await storage.get('session')).toBe('{"token":"t"}');
    expect(await storage.get('absent')).toBeUndefined();
    await storage.remove('session');
    expect(await storage.get('session')).toBeUndefined();
  });

  it('lists only its own keys, by prefix, whatever else the mini-program stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 20 }),
        async (keys) => {
          const api = fakeTaroStorage();
          api.raw.set('other-app:outbox:1', 'x');
          const storage = createTaroStorage(api, 'shopfloor');
          for (const key of keys) await storage.set(`outbox:${key}`, key);
          await storage.set('session', 's');
          const listed = await storage.keys('outbox:');
          expect(listed.sort()).toEqual(keys.map((key) => `outbox:${key}`).sort());
        },
      ),
      { numRuns: 50 },
    );
  });
});
