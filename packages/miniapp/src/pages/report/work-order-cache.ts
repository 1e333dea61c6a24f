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

export function createWorkOrderCache(storage: KeyValueStorage) {
  return {
    async get(no: string): Promise<CachedWorkOrder | undefined> {
      const text = await storage.get(KEY(no));
      if (!text) return undefined;
      try {
        return JSON.parse(text) as CachedWorkOrder;
      } catch {
        return undefined; // a damaged entry is only a missed cache hit
      }
    },
    /** Stores the order; without `item`, the name known from an earlier copy is kept. */
    async put(order: WorkOrder, item: Item | undefined, now: Date): Promise<void> {
      const itemName = item?.name ?? (await this.get(order.no))?.itemName;
      const entry: CachedWorkOrder = { order, itemName, fetchedAt: now.toISOString() };
      await storage.set(KEY(order.no), JSON.stringify(entry));
      // A shift scans a few dozen work orders: drop the oldest keys beyond the cap.
      const keys = await storage.keys('wo-cache:');
      if (keys.length > MAX_ENTRIES) {
        const entries = await Promise.all(
          keys.map(async (key) => ({ key, at: fetchedAt(await storage.get(key)) })),
        );
        entries.sort((a, b) => a.at.localeCompare(b.at));
        for (const { key } of entries.slice(0, keys.length - MAX_ENTRIES)) await storage.remove(key);
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
