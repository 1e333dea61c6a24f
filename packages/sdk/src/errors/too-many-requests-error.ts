import { ShopfloorError } from './shopfloor-error.js';

/** 429: the client is sending too fast; wait (Retry-After) and try again. */
export class TooManyRequestsError extends ShopfloorError {
  override name = 'TooManyRequestsError';
  override readonly retryable = true;
}
