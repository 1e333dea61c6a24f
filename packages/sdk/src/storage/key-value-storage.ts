/**
 * The persistence the SDK needs: async string values by string key. Small enough that a Taro
 * storage, IndexedDB, localStorage or a Map can implement it in a few lines.
 *
 * `set` and `remove` resolve only once the change is durable as far as the backend can tell: the
 * outbox relies on that to promise "nothing lost".
 */
export interface KeyValueStorage {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** All keys, or those starting with `prefix`; order unspecified. */
  keys(prefix?: string): Promise<string[]>;
}
