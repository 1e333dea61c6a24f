import type { NetworkStatus } from './platform-adapter.js';

/**
 * NetworkStatus from `navigator.onLine` and the window's online/offline events; reports online
 * where neither exists (Node), so a missing signal never holds the outbox back.
 */
export function createBrowserNetworkStatus(target: Partial<EventTarget> = globalThis): NetworkStatus {
  const isOnline = () => globalThis.navigator?.onLine ?? true;
  return {
    isOnline,
    subscribe(listener) {
      const onChange = () => listener(isOnline());
      target.addEventListener?.('online', onChange);
      target.addEventListener?.('offline', onChange);
      return () => {
        target.removeEventListener?.('online', onChange);
        target.removeEventListener?.('offline', onChange);
      };
    },
  };
}
