import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  createClient,
  ForbiddenError,
  IdempotencyMismatchError,
  NotFoundError,
  ResponseValidationError,
  ServerError,
  ServiceDegradedError,
  ShopfloorError,
  TooManyRequestsError,
  ValidationError,
} from '../src/index.js';
import * as fx from './fixtures.js';
import { problemResponse, useMswServer } from './msw.js';

const server = useMswServer();
const client = createClient({ baseUrl: fx.BASE_URL, token: 't', retry: { limit: 0 } });

function answerWorkOrder(response: () => Response) {
  server.use(http.get(`${fx.API}/work-orders/WO-1`, response));
}

async function failure(promise: Promise<unknown>): Promise<ShopfloorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ShopfloorError)) throw new Error(`expected a ShopfloorError, got ${String(error)}`);
  return error;
}

describe('problem+json answers become typed errors', () => {
  it('turns a 400 into a ValidationError with the field paths', async () => {
    const errors = [
      { path: 'lines.0.qty', message: 'must be positive' },
      { path: 'warehouse', message: 'unknown warehouse WH9' },
    ];
    server.use(
      http.post(`${fx.API}/issue-requests`, () =>
        problemResponse(
          400,
          fx.problem(400, 'Invalid request', { detail: 'the request has 2 invalid fields', errors }),
        ),
      ),
    );
    const error = await failure(
      client.issueRequests.create({ warehouse: 'WH9', lines: [{ item: 'TUBE', qty: 1 }] }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual(errors);
    expect(error.message).toBe('the request has 2 invalid fields');
    expect(error.status).toBe(400);
    expect(error.problem?.title).toBe('Invalid request');
  });

  it.each([
    [401, AuthError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, IdempotencyMismatchError],
    [429, TooManyRequestsError],
    [503, ServiceDegradedError],
    [500, ServerError],
    [502, ServerError],
    [418, ShopfloorError],
  ])('turns a %i into a %s', async (status, ErrorClass) => {
    answerWorkOrder(() =>
      problemResponse(status, fx.problem(status, `Status ${status}`, { detail: `detail ${status}` })),
    );
    const error = await failure(client.workOrders.get('WO-1'));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.constructor).toBe(ErrorClass);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`detail ${status}`);
  });

  it('tells a stock conflict from a request still in flight', async () => {
    server.use(
      http.post(`${fx.API}/issue-requests/IR-1/approve`, () =>
        problemResponse(
          409,
          fx.problem(409, 'Stock conflict', { detail: 'TUBE in WH1 would go below zero' }),
        ),
      ),
    );
    const conflict = (await failure(client.issueRequests.approve('IR-1'))) as ConflictError;
    expect(conflict.inFlight).toBe(false);
    expect(conflict.retryable).toBe(false);

    server.use(
      http.post(`${fx.API}/issue-requests/IR-1/approve`, () =>
        problemResponse(409, fx.problem(409, 'Idempotency in flight'), { 'Retry-After': '2' }),
      ),
    );
    const inFlight = (await failure(
      client.issueRequests.approve('IR-1', {}, { idempotencyKey: 'k' }),
    )) as ConflictError;
    expect(inFlight.inFlight).toBe(true);
    expect(inFlight.retryable).toBe(true);
    expect(inFlight.retryAfterMs).toBe(2000);
  });

  it('still types an error whose body is not problem+json (a proxy page)', async () => {
    answerWorkOrder(
      () =>
        new HttpResponse('<html>Bad Gateway</html>', {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const error = await failure(client.workOrders.get('WO-1'));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.problem).toBeUndefined();
    expect(error.message).toBe('GET /work-orders/WO-1 answered HTTP 502');
  });
});

describe('answers that break the contract', () => {
  it('rejects a success body that does not match the schema, naming the field', async () => {
    answerWorkOrder(() => HttpResponse.json({ ...fx.workOrder('WO-1'), status: 'finished' }));
    const error = (await failure(client.workOrders.get('WO-1'))) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.errors.map((e) => e.path)).toEqual(['status']);
    expect(error.body).toMatchObject({ status: 'finished' });
    expect(error.retryable).toBe(false);
  });

  it('rejects a success body that is not JSON', async () => {
    answerWorkOrder(() => new HttpResponse('ok', { status: 200 }));
    expect(await failure(client.workOrders.get('WO-1'))).toBeInstanceOf(ResponseValidationError);
  });

  it('rejects a list whose server repeats the same cursor', async () => {
    server.use(
      http.get(`${fx.API}/alerts`, () => HttpResponse.json({ items: [fx.alert], nextCursor: 'same' })),
    );
    const seen: string[] = [];
    const iterate = async () => {
      for await (const alert of client.alerts.list()) seen.push(alert.id);
    };
    expect(await failure(iterate())).toBeInstanceOf(ResponseValidationError);
    expect(seen).toEqual(['a-1', 'a-1']);
  });
});
