import type { ShopfloorClient, StockBalance } from '@shopfloor/sdk';
import { useEffect, useState } from 'react';
import { type StockLevel, stockLevel } from './alert-logic';

/**
 * On-hand against safety stock for the items of the safety-stock alerts shown, from the stock
 * balances (the alert itself carries them only in its Chinese message). Reloaded with `generation`.
 */
export function useStockLevels(
  client: ShopfloorClient,
  items: readonly string[],
  generation: number,
): ReadonlyMap<string, StockLevel> {
  const [levels, setLevels] = useState<ReadonlyMap<string, StockLevel>>(new Map());
  const key = [...new Set(items)].sort().join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    let live = true;
    for (const item of key ? key.split('\n') : []) {
      void loadBalances(client, item).then(
        (balances) => {
          const level = stockLevel(balances) ?? { onHand: 0 };
          if (!live) return;
          setLevels((previous) => new Map(previous).set(item, level));
        },
        () => undefined, // the card shows the alert without the gauge
      );
    }
    return () => {
      live = false;
    };
  }, [client, key, generation]);
  return levels;
}

async function loadBalances(client: ShopfloorClient, item: string): Promise<StockBalance[]> {
  const all: StockBalance[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.stock.balancesPage({ item, limit: 500, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
