import type { KeyValueStorage } from '@shopfloor/sdk';
import { useCallback, useEffect, useState } from 'react';
import { pushRecent } from './trace-tree';

const KEY = 'shopfloor.trace.recent';

/** The last lots traced on this device, newest first, kept in the platform storage. */
export function useRecentLots(storage: KeyValueStorage): { recent: string[]; remember(lot: string): void } {
  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    storage.get(KEY).then(
      (saved) => {
        if (!live || !saved) return;
        try {
          const list = JSON.parse(saved) as unknown;
          if (Array.isArray(list)) setRecent(list.filter((l): l is string => typeof l === 'string'));
        } catch {
          // an unreadable list is simply forgotten
        }
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [storage]);
  const remember = useCallback(
    (lot: string) =>
      setRecent((list) => {
        const next = pushRecent(list, lot);
        void storage.set(KEY, JSON.stringify(next)).catch(() => undefined);
        return next;
      }),
    [storage],
  );
  return { recent, remember };
}
