export { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { createOutbox } from './create-outbox.js';
export { ENTRY_PREFIX, entryKey } from './entry-store.js';
export { OutboxError, type OutboxErrorCode } from './outbox-error.js';
export type {
  DeadLetter,
  FlushResult,
  Outbox,
  OutboxClient,
  OutboxCommand,
  OutboxEntry,
  OutboxFailure,
  OutboxMethod,
  OutboxOptions,
  OutboxState,
} from './types.js';
export { randomUuid } from './uuid.js';
