import type { Item, ShopfloorClient } from '@shopfloor/sdk';
import { useEffect, useState } from 'react';

/**
 * Item master records (name, unit, safety stock) for the alerts, board and trace pages, fetched
 * once per code and client and shared between pages. A failed lookup is not cached (the next
 * render asks again); the page shows the bare code meanwhile.
 */
const caches = new WeakMap<ShopfloorClient, Map<string, Promise<Item | null>>>();

export function loadItem(client: ShopfloorClient, code: string): Promise<Item | null> {
  let cache = caches.get(client);
  if (!cache) {
    cache = new Map();
    caches.set(client, cache);
  }
  const known = cache.get(code);
  if (known) return known;
  const loading = client.items.get(code).catch(() => {
    cache.delete(code);
    return null;
  });
  cache.set(code, loading);
  return loading;
}

/** The items of `codes` that have arrived so far; re-renders as each one comes in. */
export function useItems(client: ShopfloorClient, codes: readonly string[]): ReadonlyMap<string, Item> {
  const [items, setItems] = useState<ReadonlyMap<string, Item>>(new Map());
  const key = [...new Set(codes)].sort().join('\n');
  useEffect(() => {
    let live = true;
    for (const code of key ? key.split('\n') : []) {
      void loadItem(client, code).then((item) => {
        if (!live || !item) return;
        setItems((previous) => {
          if (previous.get(code) === item) return previous;
          const next = new Map(previous);
          next.set(code, item);
          return next;
        });
      });
    }
    return () => {
      live = false;
    };
  }, [client, key]);
  return items;
}
