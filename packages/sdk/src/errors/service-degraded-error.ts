import { ShopfloorError } from './shopfloor-error.js';

/** 503: the server is degraded (e.g. database read-only); try again later. */
export class ServiceDegradedError extends ShopfloorError {
  override name = 'ServiceDegradedError';
  override readonly retryable = true;
}
