import { ShopfloorError } from './shopfloor-error.js';

/** Any other 5xx: the server failed; the request may or may not have been applied. */
export class ServerError extends ShopfloorError {
  override name = 'ServerError';
  override readonly retryable = true;
}
