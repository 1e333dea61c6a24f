import type { Item, KeyValueStorage, WorkOrder } from '@shopfloor/sdk';

/** What the report page shows of a work order; kept on the phone so a scan works offline too. */
export interface CachedWorkOrder {
  order: WorkOrder;
  itemName?: string;
  /** ISO time the server answered it. */
  fetchedAt: string;
}

const KEY = (no: string) => `wo-cache:${no}`;
const MAX_ENTRIES = 200;
/** When the home page last stored its work orders, and for which workshops (outside the `wo-cache:` keys). */
const STORED_AT = 'wo-cache-stored';
/** The home page stores its work orders whole at most this often; between, it asks only what it shows. */
export const HOME_COPY_EVERY_MS = 10 * 60_000;

export function createWorkOrderCache(storage: KeyValueStorage) {
  const get = async (no: string): Promise<CachedWorkOrder | undefined> => {
    const text = await storage.get(KEY(no));
    if (!text) return undefined;
    try {
      return JSON.parse(text) as CachedWorkOrder;
    } catch {
      return undefined; // a damaged entry is only a missed cache hit
    }
  };
  const store = async (order: WorkOrder, item: Item | undefined, now: Date) => {
    const itemName = item?.name ?? (await get(order.no))?.itemName;
    const entry: CachedWorkOrder = { order, itemName, fetchedAt: now.toISOString() };
    await storage.set(KEY(order.no), JSON.stringify(entry));
  };
  // A shift scans a few dozen work orders: drop the oldest keys beyond the cap.
  const evictOldest = async () => {
    const keys = await storage.keys('wo-cache:');
    if (keys.length <= MAX_ENTRIES) return;
    const entries = await Promise.all(
      keys.map(async (key) => ({ key, at: fetchedAt(await storage.get(key)) })),
    );
    entries.sort((a, b) => a.at.localeCompare(b.at));
    for (const { key } of entries.slice(0, keys.length - MAX_ENTRIES)) await storage.remove(key);
  };
  return {
    get,
    /** Stores the order; without `item`, the name known from an earlier copy is kept. */
    async put(order: WorkOrder, item: Item | undefined, now: Date): Promise<void> {
      await store(order, item, now);
      await evictOldest();
    },
    /** Stores several orders (the home page's list) for these workshops, trimming the cache once at the end. */
    async putAll(orders: readonly WorkOrder[], now: Date, scope = ''): Promise<void> {
      for (const order of orders) await store(order, undefined, now);
      await evictOldest();
      await storage.set(STORED_AT, JSON.stringify({ at: now.getTime(), scope }));
    },
    /** Whether the home page's copies for these workshops are missing or older than HOME_COPY_EVERY_MS. */
    async homeCopyDue(now: number, scope = ''): Promise<boolean> {
      try {
        const last = JSON.parse((await storage.get(STORED_AT)) ?? '') as { at: number; scope: string };
        // A clock set back shows a copy from the future: due too.
        return last.scope !== scope || !(last.at <= now && now - last.at < HOME_COPY_EVERY_MS);
      } catch {
        return true;
      }
    },
  };
}

function fetchedAt(text: string | undefined): string {
  try {
    return (JSON.parse(text ?? '') as CachedWorkOrder).fetchedAt ?? '';
  } catch {
    return '';
  }
}
