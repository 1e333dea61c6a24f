import { ShopfloorError } from './shopfloor-error.js';

/** No answer within the client's timeout. The request may have reached the server. */
export class TimeoutError extends ShopfloorError {
  override name = 'TimeoutError';
  override readonly retryable = true;
}
