import { createMemoryStorage, type NetworkStatus, type ToastKind } from '@shopfloor/sdk';

/** Pretends to be the given host: the libraries sniff `navigator.userAgent` when they load. */
export function setUserAgent(userAgent: string): void {
  Object.defineProperty(window.navigator, 'userAgent', { value: userAgent, configurable: true });
}

export const alwaysOnline: NetworkStatus = { isOnline: () => true, subscribe: () => () => {} };

/** What every adapter needs besides its bridge, with the toasts recorded. */
export function adapterBasics() {
  const toasts: Array<{ message: string; kind?: ToastKind }> = [];
  return {
    storage: createMemoryStorage(),
    network: alwaysOnline,
    toast: (message: string, kind?: ToastKind) => toasts.push({ message, kind }),
    toasts,
  };
}
