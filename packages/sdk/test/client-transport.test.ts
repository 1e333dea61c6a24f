import { describe, expect, it } from 'vitest';
import {
  createClient,
  NetworkError,
  TimeoutError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../src/index.js';
import * as fx from './fixtures.js';

/** A transport like a Taro.request adapter: no fetch involved. */
function fakeTransport(
  answer: (request: TransportRequest) => TransportResponse | Promise<TransportResponse>,
) {
  const requests: TransportRequest[] = [];
  const transport: Transport = async (request) => {
    requests.push(request);
    return answer(request);
  };
  return { requests, transport };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const failingFetch: typeof fetch = () => Promise.reject(new Error('fetch must not be used'));

describe('an injected transport', () => {
  it('sends every request instead of fetch', async () => {
    const { requests, transport } = fakeTransport(() => json(201, fx.operationReport));
    const client = createClient({
      baseUrl: fx.BASE_URL,
      token: 'tok',
      transport,
      fetch: failingFetch,
      timeoutMs: 5000,
    });
    const body = { goodQty: 8, scrapQty: 0, deviceTime: '2026-07-10T09:30:00+08:00' };
    expect(await client.reports.create('WO-1', 20, body, { idempotencyKey: 'k-1' })).toEqual(
      fx.operationReport,
    );
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({
      method: 'POST',
      url: `${fx.API}/work-orders/WO-1/operations/20/reports`,
      body: JSON.stringify(body),
      timeoutMs: 5000,
    });
    expect(request.headers).toMatchObject({
      Authorization: 'Bearer tok',
      'Idempotency-Key': 'k-1',
      'Content-Type': 'application/json',
    });
  });

  it('reads headers whatever their case', async () => {
    let calls = 0;
    const { transport } = fakeTransport(() =>
      ++calls === 1
        ? json(503, fx.problem(503, 'Degraded'), { 'RETRY-AFTER': '0' })
        : json(200, { items: [], nextCursor: null }),
    );
    const client = createClient({
      baseUrl: fx.BASE_URL,
      transport,
      retry: { limit: 1, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    // Only the Retry-After of 0 lets this finish: the backoff would wait a minute.
    expect(await client.alerts.listPage()).toEqual({ items: [], nextCursor: null });
    expect(calls).toBe(2);
  });

  it('turns a rejected transport call into a NetworkError', async () => {
    const { transport } = fakeTransport(() => Promise.reject(new Error('request:fail timeout')));
    const client = createClient({ baseUrl: fx.BASE_URL, transport, retry: { limit: 0 } });
    const error = await client.workOrders.get('WO-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toContain('request:fail timeout');
  });
});

describe('the timeout', () => {
  const never = () => new Promise<TransportResponse>(() => {});

  it('raises a TimeoutError and aborts the request when no answer comes in time', async () => {
    const { requests, transport } = fakeTransport(never);
    const client = createClient({ baseUrl: fx.BASE_URL, transport, timeoutMs: 10, retry: { limit: 0 } });
    await expect(client.workOrders.get('WO-1')).rejects.toBeInstanceOf(TimeoutError);
    expect(requests[0].signal?.aborted).toBe(true);
  });

  it('retries a timed-out GET, then answers', async () => {
    let calls = 0;
    const { transport } = fakeTransport(() => (++calls < 3 ? never() : json(200, fx.workOrder('WO-1'))));
    const client = createClient({
      baseUrl: fx.BASE_URL,
      transport,
      timeoutMs: 10,
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    expect((await client.workOrders.get('WO-1')).no).toBe('WO-1');
    expect(calls).toBe(3);
  });

  it('does not retry a timed-out POST without a key', async () => {
    const { requests, transport } = fakeTransport(never);
    const client = createClient({
      baseUrl: fx.BASE_URL,
      transport,
      timeoutMs: 10,
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(client.alerts.acknowledge('a-1')).rejects.toBeInstanceOf(TimeoutError);
    expect(requests).toHaveLength(1);
  });
});

describe('the default transport', () => {
  it('uses the fetch it was given', async () => {
    const urls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return new Response(JSON.stringify(fx.health), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const client = createClient({ baseUrl: 'https://mes.example.com/', fetch: fakeFetch });
    expect(await client.health()).toEqual(fx.health);
    expect(urls).toEqual(['https://mes.example.com/api/v1/health']);
  });
});
