import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createBrowserStorage,
  createMemoryStorage,
  type KeyValueStorage,
  StorageUnavailableError,
  type WebStorageLike,
} from '../src/storage/index.js';

/** The Web Storage API as a browser implements it, in a few lines (happy-dom is not installed). */
function fakeLocalStorage(
  initial: Record<string, string> = {},
): WebStorageLike & { dump(): Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    get length() {
      return values.size;
    },
    key: (index) => [...values.keys()][index] ?? null,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
    dump: () => new Map(values),
  };
}

let databases = 0;
const adapters: [string, () => KeyValueStorage][] = [
  ['memory', () => createMemoryStorage()],
  [
    'browser over localStorage',
    () => createBrowserStorage({ namespace: 'test', indexedDB: null, localStorage: fakeLocalStorage() }),
  ],
  [
    'browser over IndexedDB',
    () => createBrowserStorage({ namespace: `test-${databases++}`, indexedDB: new IDBFactory() }),
  ],
];

const key = fc.constantFrom('a', 'b', 'outbox:1', 'outbox:2', 'outbox:entry:x', 'ü');
const operation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key, value: fc.string() }),
  fc.record({ op: fc.constant('remove' as const), key }),
);

describe.each(adapters)('%s storage', (_name, create) => {
  it('reads back what it stored and forgets what it removed', async () => {
    const storage = create();
    await storage.set('a', 'one');
    await storage.set('b', 'two');
    await storage.remove('b');
    expect(await storage.get('a')).toBe('one');
    expect(await storage.get('b')).toBeUndefined();
    expect(await storage.get('never')).toBeUndefined();
  });

  it('lists keys, all of them or those under a prefix', async () => {
    const storage = create();
    await storage.set('outbox:entry:1', '1');
    await storage.set('outbox:entry:2', '2');
    await storage.set('session', 's');
    expect((await storage.keys()).sort()).toEqual(['outbox:entry:1', 'outbox:entry:2', 'session']);
    expect((await storage.keys('outbox:')).sort()).toEqual(['outbox:entry:1', 'outbox:entry:2']);
  });

  it('behaves like a Map under any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 30 }), async (operations) => {
        const storage = create();
        const model = new Map<string, string>();
        for (const step of operations) {
          if (step.op === 'set') {
            await storage.set(step.key, step.value);
            model.set(step.key, step.value);
          } else {
            await storage.remove(step.key);
            model.delete(step.key);
          }
        }
        expect((await storage.keys()).sort()).toEqual([...model.keys()].sort());
        for (const [k, v] of model) expect(await storage.get(k)).toBe(v);
      }),
      { numRuns: 25 },
    );
  });
});

describe('browser storage', () => {
  it('prefers IndexedDB when it opens', async () => {
    const storage = createBrowserStorage({
      namespace: 'prefers',
      indexedDB: new IDBFactory(),
      localStorage: fakeLocalStorage(),
    });
    expect(await storage.backend()).toBe('indexeddb');
  });

  it('keeps values across connections to the same IndexedDB database (a reload)', async () => {
    const factory = new IDBFactory();
    await createBrowserStorage({ namespace: 'reload', indexedDB: factory }).set('k', 'v');
    expect(await createBrowserStorage({ namespace: 'reload', indexedDB: factory }).get('k')).toBe('v');
  });

  it('falls back to localStorage when IndexedDB refuses to open', async () => {
    const refusing = {
      open() {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
        );
      },
    } as unknown as IDBFactory;
    const local = fakeLocalStorage();
    const storage = createBrowserStorage({ namespace: 'app', indexedDB: refusing, localStorage: local });
    await storage.set('k', 'v');
    expect(await storage.backend()).toBe('localstorage');
    expect(local.dump().get('app:k')).toBe('v');
  });

  it('keeps to its namespace in a localStorage shared with other apps', async () => {
    const local = fakeLocalStorage({ 'other:k': 'theirs', unrelated: 'x' });
    const storage = createBrowserStorage({ namespace: 'mine', indexedDB: null, localStorage: local });
    await storage.set('k', 'ours');
    expect(await storage.keys()).toEqual(['k']);
    expect(await storage.get('k')).toBe('ours');
    expect(local.dump().get('other:k')).toBe('theirs');
  });

  it('refuses to work without any persistent storage rather than forget silently', async () => {
    const storage = createBrowserStorage({ namespace: 'none', indexedDB: null, localStorage: null });
    await expect(storage.get('k')).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('rejects a write that localStorage refuses (quota) so the caller knows it was not kept', async () => {
    const full = {
      ...fakeLocalStorage(),
      setItem() {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      },
    };
    const storage = createBrowserStorage({ namespace: 'full', indexedDB: null, localStorage: full });
    await expect(storage.set('k', 'v')).rejects.toThrow('Quota exceeded');
  });
});
