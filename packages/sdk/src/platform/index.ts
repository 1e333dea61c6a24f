export { createBrowserNetworkStatus } from './browser-network-status.js';
export type {
  LoginCode,
  NetworkStatus,
  PlatformAdapter,
  PlatformName,
  ToastKind,
} from './platform-adapter.js';
export { PlatformError, type PlatformErrorCode } from './platform-error.js';
export { withTimeout } from './with-timeout.js';
