import { Health } from '../schemas/health.js';
import { alertsApi } from './api/alerts.js';
import { authApi } from './api/auth.js';
import { bomsApi } from './api/boms.js';
import { issueRequestsApi } from './api/issue-requests.js';
import { itemsApi } from './api/items.js';
import { lotsApi } from './api/lots.js';
import { reportsApi } from './api/reports.js';
import { stockApi } from './api/stock.js';
import { workOrdersApi } from './api/work-orders.js';
import { kyTransport } from './ky-transport.js';
import { createRequest, type Request } from './request.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { Transport } from './transport.js';
import { apiBase as toApiBase } from './url.js';

export interface ClientOptions {
  /** The server, e.g. `https://mes.example.com` (the `/api/v1` base is appended unless present). */
  baseUrl: string;
  /** A fixed bearer token. */
  token?: string;
  /** Called before every attempt, so a refreshed token is picked up; wins over `token`. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Sends the requests; default fetch through ky. Inject one for runtimes without fetch (Taro). */
  transport?: Transport;
  /** The fetch the default transport uses; default `globalThis.fetch`. Ignored with `transport`. */
  fetch?: typeof fetch;
  /** Per attempt. Default 15 000. */
  timeoutMs?: number;
  /** Default `{ limit: 2, baseDelayMs: 300, maxDelayMs: 10_000 }`. */
  retry?: Partial<RetryPolicy>;
}

export type ShopfloorClient = ReturnType<typeof createClient>;

/** A typed client of the Shopfloor HTTP API: one method group per resource. */
export function createClient(options: ClientOptions) {
  const apiBase = toApiBase(options.baseUrl);
  const internalRequest = createRequest({
    apiBase,
    transport: options.transport ?? kyTransport(options.fetch),
    getToken: options.getToken ?? (() => options.token),
    timeoutMs: options.timeoutMs ?? 15_000,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
  });
  const request: Request = internalRequest;
  return {
    /** The API base URL requests go to (`…/api/v1`). */
    apiBase,
    request,
    auth: authApi(request),
    items: itemsApi(request),
    boms: bomsApi(request),
    workOrders: workOrdersApi(request, apiBase),
    reports: reportsApi(request),
    issueRequests: issueRequestsApi(request),
    stock: stockApi(request),
    alerts: alertsApi(request),
    lots: lotsApi(request),
    /** `GET /health`: answers the report even when the server says it is down (503), never retried. */
    health: () =>
      internalRequest({ method: 'GET', path: '/health', schema: Health, retry: false, acceptStatus: [503] }),
  };
}
