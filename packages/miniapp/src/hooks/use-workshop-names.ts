import type { Page, ShopfloorClient } from '@shopfloor/sdk';
import { useEffect, useState } from 'react';

// One fetch per app start serves every page; offline or on failure the codes stand in for names.
let known: ReadonlyMap<string, string> = new Map();
let loading: Promise<ReadonlyMap<string, string>> | undefined;

function load(client: ShopfloorClient): Promise<ReadonlyMap<string, string>> {
  loading ??= client
    .request<Page<{ code: string; name: string }>>({ method: 'GET', path: '/workshops' })
    .then(
      (page) => {
        known = new Map(page.items.map((w) => [w.code, w.name]));
        return known;
      },
      () => {
        loading = undefined; // try again next time a page asks
        return known;
      },
    );
  return loading;
}

/** Workshop names by code (`WS-ASM` → 总装车间); the SDK has no method for `GET /workshops` yet. */
export function useWorkshopNames(client: ShopfloorClient): ReadonlyMap<string, string> {
  const [names, setNames] = useState(known);
  useEffect(() => {
    let live = true;
    load(client).then((map) => live && setNames(map));
    return () => {
      live = false;
    };
  }, [client]);
  return names;
}
