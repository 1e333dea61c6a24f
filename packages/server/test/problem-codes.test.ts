import { randomUUID } from 'node:crypto';
import { FLOOR_PROBLEMS, type Problem } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * The refusals an operator meets carry a code the app words (one of the SDK's FLOOR_PROBLEMS) and
 * every param that code promises: the app never has to show the server's English sentence.
 */
describe.each(backends())('problems a floor user meets, by code and params, on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  const call = async (userId: string, method: string, path: string, body?: unknown): Promise<Problem> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token(userId)}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.ok).toBe(false);
    return (await res.json()) as Problem;
  };
  const expectFloorProblem = (problem: Problem, code: keyof typeof FLOOR_PROBLEMS) => {
    expect(problem.type).toBe(`/problems/${code}`);
    for (const name of FLOOR_PROBLEMS[code]) expect(problem.params, `${code}.${name}`).toHaveProperty(name);
  };

  it('names an unknown work order and operation by code', async () => {
    expectFloorProblem(await call('op-wang', 'GET', '/work-orders/WO-9999-0001'), 'work-order-not-found');
    expectFloorProblem(
      await call('op-wang', 'POST', '/work-orders/WO-9999-0001/operations/10/reports', report(1)),
      'work-order-not-found',
    );
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 4 });
    const missing = await call('op-wang', 'POST', `/work-orders/${wo.no}/operations/99/reports`, report(1));
    expectFloorProblem(missing, 'operation-not-found');
  });

  it("names another workshop's operation with both workshops' names", async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 4 });
    const refused = await call('op-li', 'POST', `/work-orders/${wo.no}/operations/20/reports`, report(1));
    expectFloorProblem(refused, 'operation-out-of-scope');
    expect(refused.params).toMatchObject({ workshopName: '机加车间', yourWorkshops: '总装车间', seq: 20 });
  });

  it("names the operator's workshops, not their codes, on a work order that has none of his", async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 2 });
    const refused = await call('op-wang', 'GET', `/work-orders/${wo.no}`);
    expectFloorProblem(refused, 'work-order-out-of-scope');
    expect(refused.params).toEqual({ workOrderNo: wo.no, yourWorkshops: '机加车间' });
  });

  it('says which check each refused field failed, with its bounds, for the app to word', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 4 });
    const refused = await call('op-wang', 'POST', `/work-orders/${wo.no}/operations/10/reports`, {
      ...report(1),
      goodQty: -3,
      scrapQty: 'two',
    });
    expectFloorProblem(refused, 'validation');
    expect(refused.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'goodQty',
          code: 'too_small',
          params: expect.objectContaining({ minimum: 0 }),
        }),
        expect.objectContaining({
          path: 'scrapQty',
          code: 'invalid_type',
          params: expect.objectContaining({ expected: 'number' }),
        }),
      ]),
    );
  });

  it('names a quantity finer than the item is counted in, once', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 4 });
    const refused = await call('op-wang', 'POST', `/work-orders/${wo.no}/operations/10/reports`, report(1.5));
    expectFloorProblem(refused, 'quantity-precision');
    expect(refused.params).toEqual({ field: 'goodQty', item: 'CHAIR', uom: 'pcs', precision: 0, got: 1.5 });
  });

  it('names the item and each workshop beside their codes in a work order', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 4 });
    const seen = await (await server.as('op-li')).workOrders.get(wo.no);
    expect(seen.itemName).toBe('实木餐椅');
    expect(seen.operations.map((op) => [op.workshop, op.workshopName])).toEqual([
      ['WS-MCH', '机加车间'],
      ['WS-MCH', '机加车间'],
      ['WS-ASM', '总装车间'],
    ]);
  });

  it('names a sequence refusal and an unknown request by code', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 4 });
    expectFloorProblem(
      await call('op-wang', 'POST', `/work-orders/${wo.no}/operations/10/reports`, report(5)),
      'operation-sequence',
    );
    expectFloorProblem(
      await call('op-wang', 'GET', `/issue-requests/${randomUUID()}`),
      'issue-request-not-found',
    );
  });
});
