import type { KeyValueStorage } from '../storage/key-value-storage.js';

/** The hosts the app runs in; `browser` is a plain browser in demo mode (dev-login). */
export type PlatformName = 'dingtalk' | 'wecom' | 'browser';

/**
 * A one-time code to exchange at `POST /auth/<platform>`: the server, which alone holds the
 * platform secrets, turns it into a user. For `browser` the code is a demo user id for `/auth/dev-login`.
 */
export interface LoginCode {
  code: string;
  platform: PlatformName;
}

export type ToastKind = 'success' | 'error' | 'info' | 'loading';

/** Connectivity as the host reports it; feed it to the outbox (`online`, `notifyOnline`). */
export interface NetworkStatus {
  isOnline(): boolean;
  /** Calls `listener` with the new state on each change; returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}

/**
 * What the app needs from its host, implemented once per host (DingTalk, WeCom, browser) in the app.
 * Pages use only this, never a host library: the SDK itself imports none.
 *
 * Bridge methods reject with PlatformError (wrap each call in `withTimeout`).
 */
export interface PlatformAdapter {
  readonly name: PlatformName;
  getLoginCode(): Promise<LoginCode>;
  /** Opens the host's scanner and resolves with the decoded text (e.g. `SF1:OP:WO-1:10`). */
  scan(): Promise<string>;
  toast(message: string, kind?: ToastKind): void;
  /** Durable storage for the outbox and the session: Taro storage, IndexedDB or localStorage. */
  readonly storage: KeyValueStorage;
  readonly network: NetworkStatus;
}
