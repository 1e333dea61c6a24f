import type * as z from 'zod/mini';
import { NetworkError } from '../errors/network-error.js';
import { ShopfloorError } from '../errors/shopfloor-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { errorFromResponse } from './error-from-response.js';
import { parseBody } from './parse-body.js';
import { isSafeToRepeat, type RetryPolicy, retryDelay } from './retry-policy.js';
import type { HttpMethod, Transport, TransportRequest, TransportResponse } from './transport.js';
import { type Query, toQueryString } from './url.js';

/** The low-level call every method group is built on (and the outbox uses). */
export interface RequestOptions<T = unknown> {
  method: HttpMethod;
  /** Path below the API base, e.g. `/work-orders/WO-1/operations/10/reports`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  query?: Query;
  /** Sent as the `Idempotency-Key` header; makes a POST/PUT safe to retry. */
  idempotencyKey?: string;
  /** Validates (and types) the 2xx answer; without it the parsed JSON is returned as is. */
  schema?: z.core.$ZodType<T>;
  /** `false` sends once, whatever the method: for callers with their own retry loop. Default true. */
  retry?: boolean;
  /** Sent as is instead of `body` (a file upload). */
  raw?: { bytes: Uint8Array; contentType: string };
  /** `bytes`: the 2xx answer is returned as a Uint8Array (a file download), not parsed. */
  responseType?: 'bytes';
  /** Per attempt, instead of the client's: for uploads and imports that take longer. */
  timeoutMs?: number;
}

export type Request = <T = unknown>(options: RequestOptions<T>) => Promise<T>;

export interface RequestContext {
  apiBase: string;
  transport: Transport;
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  timeoutMs: number;
  retry: RetryPolicy;
  random?: () => number;
}

/** Internal extras: `acceptStatus` lets a non-2xx answer with a body be returned (health: 503 down). */
export interface InternalOptions<T> extends RequestOptions<T> {
  acceptStatus?: readonly number[];
}

export function createRequest(context: RequestContext) {
  return async function request<T = unknown>(options: InternalOptions<T>): Promise<T> {
    const mayRepeat = options.retry !== false && isSafeToRepeat(options.method, options.idempotencyKey);
    const retries = mayRepeat ? context.retry.limit : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await attemptOnce(context, options);
      } catch (error) {
        if (attempt >= retries || !(error instanceof ShopfloorError) || !error.retryable) throw error;
        const delay = retryDelay(attempt, context.retry, error.retryAfterMs, context.random);
        if (delay === undefined) throw error;
        await sleep(delay);
      }
    }
  };
}

async function attemptOnce<T>(context: RequestContext, options: InternalOptions<T>): Promise<T> {
  const request: TransportRequest = {
    method: options.method,
    url: context.apiBase + options.path + toQueryString(options.query),
    headers: await headersFor(context, options),
    timeoutMs: options.timeoutMs ?? context.timeoutMs,
  };
  if (options.raw) request.body = options.raw.bytes;
  else if (options.body !== undefined) request.body = JSON.stringify(options.body);
  if (options.responseType) request.responseType = options.responseType;
  const response = await send(context.transport, request);
  const what = `${options.method} ${options.path}`;
  if ((response.status >= 200 && response.status < 300) || options.acceptStatus?.includes(response.status)) {
    if (options.responseType) return (response.bytes ?? new TextEncoder().encode(response.body)) as T;
    return parseBody(response, options.schema, what);
  }
  throw errorFromResponse(response, { method: options.method, url: options.path });
}

async function headersFor(
  context: RequestContext,
  options: RequestOptions<unknown>,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.raw) headers['Content-Type'] = options.raw.contentType;
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = await context.getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
  return headers;
}

/** One transport call bounded by the timeout; anything but an answer becomes NetworkError or TimeoutError. */
async function send(transport: Transport, request: TransportRequest): Promise<TransportResponse> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  if (controller) request.signal = controller.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort();
      reject(new TimeoutError(`${request.method} ${request.url}: no answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
  });
  try {
    return await Promise.race([transport(request), timeout]);
  } catch (cause) {
    if (cause instanceof ShopfloorError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new NetworkError(`${request.method} ${request.url}: ${reason}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
