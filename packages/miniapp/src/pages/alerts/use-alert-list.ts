import {
  type Alert,
  type AlertKind,
  type AlertStatus,
  AuthError,
  type ShopfloorClient,
} from '@shopfloor/sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../../services/services-context';
import { appendAlerts, replaceAlert } from './alert-logic';

const PAGE = 30;
/** With `?id=`, pages are loaded until the alert shows up, at most this many. */
const MAX_PAGES_TO_FIND = 10;

export interface AlertList {
  items: Alert[];
  /** More pages on the server. */
  more: boolean;
  loading: boolean;
  /** The first page has arrived (for this status and kind). */
  loaded: boolean;
  error: unknown;
  reload(): void;
  loadMore(): void;
  /** Puts the server's answer in place of the alert with the same id. */
  replace(alert: Alert): void;
}

/** A tab's alerts, newest first, page by page; with `find`, loads on until that alert is listed. */
export function useAlertList(
  client: ShopfloorClient,
  status: AlertStatus,
  kind: AlertKind | undefined,
  find: string | undefined,
): AlertList {
  const { session } = useServices();
  const [items, setItems] = useState<Alert[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // Which status and kind the items belong to: stale while a new tab is loading.
  const [loadedKey, setLoadedKey] = useState<string>();
  const key = `${status}|${kind ?? ''}`;
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  const live = useRef(0);

  const fail = useCallback(
    (failure: unknown) => {
      if (failure instanceof AuthError) void session.clear();
      setError(failure);
    },
    [session],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    const run = ++live.current;
    setLoading(true);
    setLoadedKey(undefined);
    setError(undefined);
    setItems([]);
    void (async () => {
      try {
        let list: Alert[] = [];
        let next: string | undefined;
        for (let pages = 0; pages < (find ? MAX_PAGES_TO_FIND : 1); pages++) {
          const page = await client.alerts.listPage({ status, kind, limit: PAGE, cursor: next });
          list = appendAlerts(list, page.items);
          next = page.nextCursor ?? undefined;
          if (!next || !find || list.some((a) => a.id === find)) break;
        }
        if (run !== live.current) return;
        setItems(list);
        setCursor(next ?? null);
      } catch (failure) {
        if (run === live.current) fail(failure);
      } finally {
        if (run === live.current) {
          setLoading(false);
          setLoadedKey(`${status}|${kind ?? ''}`);
        }
      }
    })();
  }, [client, status, kind, find, generation, fail]);

  const loadMore = useCallback(() => {
    if (!cursor || loading) return;
    const run = live.current;
    setLoading(true);
    setError(undefined);
    client.alerts
      .listPage({ status, kind, limit: PAGE, cursor })
      .then(
        (page) => {
          if (run !== live.current) return;
          setItems((list) => appendAlerts(list, page.items));
          setCursor(page.nextCursor);
        },
        (failure: unknown) => run === live.current && fail(failure),
      )
      .finally(() => run === live.current && setLoading(false));
  }, [client, status, kind, cursor, loading, fail]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const replace = useCallback((alert: Alert) => setItems((list) => replaceAlert(list, alert)), []);
  const loaded = loadedKey === key;
  return {
    items: loaded ? items : [],
    more: loaded && cursor !== null,
    loading: loading || !loaded,
    loaded,
    error: loaded ? error : undefined,
    reload,
    loadMore,
    replace,
  };
}
