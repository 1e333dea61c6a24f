import type { Page, ShopfloorClient } from '@shopfloor/sdk';
import { useEffect, useState } from 'react';

export interface WorkshopInfo {
  code: string;
  name: string;
  /** User id of the supervisor (车间主任), who may post an emergency issue for its work orders. */
  supervisor?: string | null;
}

// One fetch per app start serves every page; offline or on failure the codes stand in for names.
let known: ReadonlyMap<string, WorkshopInfo> = new Map();
let loading: Promise<ReadonlyMap<string, WorkshopInfo>> | undefined;

function load(client: ShopfloorClient): Promise<ReadonlyMap<string, WorkshopInfo>> {
  loading ??= client.request<Page<WorkshopInfo>>({ method: 'GET', path: '/workshops' }).then(
    (page) => {
      known = new Map(page.items.map((w) => [w.code, w]));
      return known;
    },
    () => {
      loading = undefined; // try again next time a page asks
      return known;
    },
  );
  return loading;
}

/** The workshops by code, with names and supervisors; the SDK has no method for `GET /workshops` yet. */
export function useWorkshops(client: ShopfloorClient): ReadonlyMap<string, WorkshopInfo> {
  const [workshops, setWorkshops] = useState(known);
  useEffect(() => {
    let live = true;
    load(client).then((map) => live && setWorkshops(map));
    return () => {
      live = false;
    };
  }, [client]);
  return workshops;
}

/** Workshop names by code (`WS-ASM` → 总装车间). */
export function useWorkshopNames(client: ShopfloorClient): ReadonlyMap<string, string> {
  const workshops = useWorkshops(client);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => setNames(new Map([...workshops].map(([code, w]) => [code, w.name]))), [workshops]);
  return names;
}
