import { ShopfloorError } from './shopfloor-error.js';

/** The request never got an answer: offline, DNS, connection reset. It may have reached the server. */
export class NetworkError extends ShopfloorError {
  override name = 'NetworkError';
  override readonly retryable = true;
}
