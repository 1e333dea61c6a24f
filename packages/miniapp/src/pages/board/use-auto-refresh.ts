import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';

/**
 * Calls `refresh` every `intervalMs` while the page is in front. Hidden (another tab, the phone
 * locked, another page on top) it stops; back in front it refreshes at once when the data is older
 * than the interval. Returns whether it is running.
 */
export function useAutoRefresh(
  refresh: () => void,
  intervalMs: number,
  loadedAt: number | undefined,
): boolean {
  const [visible, setVisible] = useState(() => !isDocumentHidden());
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const loadedRef = useRef(loadedAt);
  loadedRef.current = loadedAt;

  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return;
    const onChange = () => setVisible(!isDocumentHidden());
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  useEffect(() => {
    if (!visible) return;
    const loaded = loadedRef.current;
    if (loaded !== undefined && Date.now() - loaded >= intervalMs) refreshRef.current();
    const timer = setInterval(() => refreshRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [visible, intervalMs]);

  return visible;
}

function isDocumentHidden(): boolean {
  return (
    process.env.TARO_ENV === 'h5' && typeof document !== 'undefined' && document.visibilityState === 'hidden'
  );
}
