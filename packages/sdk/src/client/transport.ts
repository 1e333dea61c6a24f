export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What the client asks a transport to send. Deliberately smaller than `Request` so that
 * runtimes without fetch (`Taro.request`, `dd.httpRequest`, `wx.request`) can implement it.
 */
export interface TransportRequest {
  method: HttpMethod;
  /** Absolute URL, query string included. */
  url: string;
  /** Header names as the client wrote them (`Authorization`, `Idempotency-Key`, …). */
  headers: Record<string, string>;
  /** JSON text, or the bytes of a file upload; absent for requests without a body. */
  body?: string | Uint8Array;
  /** `bytes`: answer a 2xx body in `TransportResponse.bytes` (a file download). */
  responseType?: 'bytes';
  /** Aborted when the client gives up (timeout); absent where the runtime has no AbortController. */
  signal?: AbortSignal;
  /** The client's timeout for this attempt, for transports that take their own (`Taro.request({ timeout })`). */
  timeoutMs: number;
}

/** What a transport returns for any HTTP answer, 2xx or not. It rejects only when no answer came. */
export interface TransportResponse {
  status: number;
  /** Response headers; names are matched case-insensitively. */
  headers: Record<string, string>;
  /** The raw body text ('' when empty). */
  body: string;
  /** The body of a 2xx answer to a request with `responseType: 'bytes'`. */
  bytes?: Uint8Array;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
