import type { NetworkStatus } from '@shopfloor/sdk';

/** The Taro network calls a mini-program uses instead of online/offline events. */
export interface TaroNetworkApi {
  getNetworkType(): Promise<{ networkType: string }>;
  onNetworkStatusChange(callback: (result: { isConnected: boolean }) => void): void;
  offNetworkStatusChange?(callback: (result: { isConnected: boolean }) => void): void;
}

/** NetworkStatus for weapp and dd: starts optimistic, corrected by the first getNetworkType answer. */
export function createTaroNetworkStatus(api: TaroNetworkApi): NetworkStatus {
  let online = true;
  const listeners = new Set<(online: boolean) => void>();
  const update = (next: boolean) => {
    if (next === online) return;
    online = next;
    for (const listener of listeners) listener(next);
  };
  api.getNetworkType().then(
    ({ networkType }) => update(networkType !== 'none'),
    () => undefined,
  );
  api.onNetworkStatusChange(({ isConnected }) => update(isConnected));
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
