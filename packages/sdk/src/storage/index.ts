export {
  type BrowserStorage,
  type BrowserStorageBackend,
  type BrowserStorageOptions,
  createBrowserStorage,
} from './browser-storage.js';
export type { KeyValueStorage } from './key-value-storage.js';
export type { WebStorageLike } from './local-storage.js';
export { createMemoryStorage } from './memory-storage.js';
export { StorageUnavailableError } from './storage-unavailable-error.js';
