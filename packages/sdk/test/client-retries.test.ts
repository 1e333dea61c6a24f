import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  createClient,
  NetworkError,
  ServerError,
  ServiceDegradedError,
  TooManyRequestsError,
  ValidationError,
} from '../src/index.js';
import * as fx from './fixtures.js';
import { problemResponse, useMswServer } from './msw.js';

const server = useMswServer();
const client = createClient({ baseUrl: fx.BASE_URL, retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 5 } });
const report = { goodQty: 1, scrapQty: 0, deviceTime: '2026-07-10T09:30:00+08:00' };
const reportsUrl = `${fx.API}/work-orders/WO-1/operations/10/reports`;

/** A handler that answers from a script, one entry per request, and logs what it received. */
function scripted(answers: (() => Response)[]) {
  const log: { key: string | null }[] = [];
  const handler = ({ request }: { request: Request }) => {
    log.push({ key: request.headers.get('Idempotency-Key') });
    const next = answers[Math.min(log.length - 1, answers.length - 1)];
    return next();
  };
  return { log, handler };
}

const unavailable = () =>
  problemResponse(503, fx.problem(503, 'Degraded', { detail: 'database is read-only' }));
const crashed = () => problemResponse(500, fx.problem(500, 'Internal error'));
const dropped = () => HttpResponse.error();

describe('retries', () => {
  it('retries a GET after a 503 and a dropped connection, then answers', async () => {
    const { log, handler } = scripted([unavailable, dropped, () => HttpResponse.json(fx.workOrder('WO-1'))]);
    server.use(http.get(`${fx.API}/work-orders/WO-1`, handler));
    expect((await client.workOrders.get('WO-1')).no).toBe('WO-1');
    expect(log).toHaveLength(3);
  });

  it('retries a keyed POST, sending the same key every time', async () => {
    const { log, handler } = scripted([
      crashed,
      dropped,
      () => HttpResponse.json(fx.operationReport, { status: 201 }),
    ]);
    server.use(http.post(reportsUrl, handler));
    await client.reports.create('WO-1', 10, report, { idempotencyKey: 'k-1' });
    expect(log).toEqual([{ key: 'k-1' }, { key: 'k-1' }, { key: 'k-1' }]);
  });

  it('never repeats a POST without a key: it might have been applied', async () => {
    const { log, handler } = scripted([crashed, () => HttpResponse.json(fx.workOrder('WO-2'))]);
    server.use(http.post(`${fx.API}/work-orders`, handler));
    await expect(
      client.workOrders.create({ item: 'TABLE', qty: 1, due: '2026-07-20' }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(log).toHaveLength(1);
  });

  it('never repeats a POST without a key after a dropped connection either', async () => {
    const { log, handler } = scripted([dropped]);
    server.use(http.post(`${fx.API}/work-orders`, handler));
    await expect(
      client.workOrders.create({ item: 'TABLE', qty: 1, due: '2026-07-20' }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(log).toHaveLength(1);
  });

  it('waits out a key still in flight and gets the stored answer', async () => {
    const inFlight = () =>
      problemResponse(409, fx.problem(409, 'Idempotency in flight'), { 'Retry-After': '0' });
    const { log, handler } = scripted([
      inFlight,
      () => HttpResponse.json(fx.operationReport, { status: 201 }),
    ]);
    server.use(http.post(reportsUrl, handler));
    expect(await client.reports.create('WO-1', 10, report, { idempotencyKey: 'k-2' })).toEqual(
      fx.operationReport,
    );
    expect(log).toHaveLength(2);
  });

  it('does not retry answers that will not change: 400 and a stock conflict', async () => {
    const bad = scripted([
      () =>
        problemResponse(
          400,
          fx.problem(400, 'Invalid', { errors: [{ path: 'goodQty', message: 'too many' }] }),
        ),
    ]);
    server.use(http.post(reportsUrl, bad.handler));
    await expect(client.reports.create('WO-1', 10, report, { idempotencyKey: 'k-3' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(bad.log).toHaveLength(1);

    const conflict = scripted([() => problemResponse(409, fx.problem(409, 'Stock conflict'))]);
    server.use(http.post(`${fx.API}/issue-requests/IR-1/approve`, conflict.handler));
    await expect(client.issueRequests.approve('IR-1', {}, { idempotencyKey: 'k-4' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(conflict.log).toHaveLength(1);
  });

  it('gives up after the retry limit with the last error', async () => {
    const { log, handler } = scripted([unavailable]);
    server.use(http.get(`${fx.API}/alerts`, handler));
    await expect(client.alerts.listPage()).rejects.toBeInstanceOf(ServiceDegradedError);
    expect(log).toHaveLength(4);
  });

  it('sends once when the caller brings its own retry loop', async () => {
    const { log, handler } = scripted([crashed]);
    server.use(http.post(reportsUrl, handler));
    const sendOnce = client.request({
      method: 'POST',
      path: '/work-orders/WO-1/operations/10/reports',
      body: report,
      idempotencyKey: 'k-5',
      retry: false,
    });
    await expect(sendOnce).rejects.toBeInstanceOf(ServerError);
    expect(log).toHaveLength(1);
  });
});

describe('Retry-After', () => {
  // With a one-minute backoff, these tests finish only if the client waits what the server said instead.
  const patient = createClient({
    baseUrl: fx.BASE_URL,
    retry: { limit: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 },
  });

  it('waits the seconds the server asks for instead of its own backoff', async () => {
    const busy = () => problemResponse(429, fx.problem(429, 'Too many requests'), { 'Retry-After': '0' });
    const { log, handler } = scripted([busy, busy, () => HttpResponse.json({ items: [], nextCursor: null })]);
    server.use(http.get(`${fx.API}/alerts`, handler));
    expect(await patient.alerts.listPage()).toEqual({ items: [], nextCursor: null });
    expect(log).toHaveLength(3);
  });

  it('reads an HTTP date', async () => {
    const past = new Date(Date.now() - 1000).toUTCString();
    const degraded = () => problemResponse(503, fx.problem(503, 'Degraded'), { 'Retry-After': past });
    const { log, handler } = scripted([degraded, () => HttpResponse.json(fx.lotTrace)]);
    server.use(http.get(`${fx.API}/lots/L-1/trace`, handler));
    expect((await patient.lots.trace('L-1', { direction: 'backward' })).lot).toBe('L-LEG-3');
    expect(log).toHaveLength(2);
  });

  it('fails at once, with the wait attached, when the server asks for longer than the cap', async () => {
    const { log, handler } = scripted([
      () => problemResponse(503, fx.problem(503, 'Degraded'), { 'Retry-After': '3600' }),
    ]);
    server.use(http.get(`${fx.API}/alerts`, handler));
    const error = await client.alerts.listPage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceDegradedError);
    expect((error as ServiceDegradedError).retryAfterMs).toBe(3_600_000);
    expect(log).toHaveLength(1);
  });

  it('is exposed on a 429 error', async () => {
    server.use(
      http.get(`${fx.API}/alerts`, () =>
        problemResponse(429, fx.problem(429, 'Slow down'), { 'Retry-After': '120' }),
      ),
    );
    const error = await client.alerts.listPage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterMs).toBe(120_000);
  });
});
