import { AuthError } from '@shopfloor/sdk';
import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../services/services-context';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` on mount, whenever `key` changes and when the page is shown again. An expired session (401) signs the user out,
 * which shows the sign-in again instead of an error.
 */
export function useQuery<T>(key: string, load: () => Promise<T>): QueryState<T> {
  const { session } = useServices();
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key and generation are the triggers
  useEffect(() => {
    let live = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    loadRef.current().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof AuthError) void session.clear();
        setState((previous) => ({ data: previous.data, error, loading: false }));
      },
    );
    return () => {
      live = false;
    };
  }, [key, generation, session]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  // Shown again (back from a decision, from another page, the app brought to the front): read
  // again, so a list never shows what was decided meanwhile. The first show is the mount's load.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) reload();
    shown.current = true;
  });
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
