import { ShopfloorError } from './shopfloor-error.js';

/** 422: the Idempotency-Key was already used with a different body: a bug in the caller, never retried. */
export class IdempotencyMismatchError extends ShopfloorError {
  override name = 'IdempotencyMismatchError';
}
