export type { WriteOptions } from './api/shared.js';
export { type ClientOptions, createClient, type ShopfloorClient } from './create-client.js';
export { kyTransport } from './ky-transport.js';
export type { Request, RequestOptions } from './request.js';
export {
  DEFAULT_RETRY_POLICY,
  isSafeToRepeat,
  parseRetryAfter,
  type RetryPolicy,
  retryDelay,
} from './retry-policy.js';
export type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport.js';
export type { Query, QueryValue } from './url.js';
