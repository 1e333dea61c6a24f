import { randomUUID } from 'node:crypto';
import { ConflictError, type LotTrace, NotFoundError } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNo, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('lots and genealogy (批次追溯) on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  const key = () => randomUUID();

  /** Steel (a supplier lot never seen before) → frame lot (WO 1) → chair WIP → finished chair lot (WO 2). */
  async function twoWorkOrders() {
    const planner = await server.as('pl-zhou');
    const wang = await server.as('op-wang');
    const li = await server.as('op-li');
    const lots = { steel: freshNo('ST'), frame: freshNo('FR'), wip: freshNo('WIP'), chair: freshNo('CH') };
    const frameWo = await releasedWorkOrder(planner, { item: 'FRAME', qty: 2 });
    await wang.reports.create(
      frameWo.no,
      10,
      report(2, { consumedLots: [{ lot: lots.steel, item: 'STEEL', qty: 3.5 }], producedLot: lots.frame }),
      { idempotencyKey: key() },
    );
    const chairWo = await releasedWorkOrder(planner, { item: 'CHAIR', qty: 2, lot: lots.chair });
    await wang.reports.create(
      chairWo.no,
      10,
      report(2, { consumedLots: [{ lot: lots.frame, item: 'FRAME', qty: 2 }], producedLot: lots.wip }),
      { idempotencyKey: key() },
    );
    await wang.reports.create(chairWo.no, 20, report(2), { idempotencyKey: key() });
    const last = await li.reports.create(
      chairWo.no,
      30,
      report(2, { consumedLots: [{ lot: lots.wip, item: 'CHAIR', qty: 2 }] }),
      { idempotencyKey: key() },
    );
    return { lots, frameWo, chairWo, last, client: li };
  }

  const trace = (
    client: Awaited<ReturnType<TestServer['as']>>,
    lot: string,
    query: Record<string, string | number>,
  ) => client.request({ method: 'GET', path: `/lots/${lot}/trace`, query }) as Promise<LotTrace>;

  it('traces a finished lot backward through two work orders to the supplier lot', async () => {
    const { lots, last, client } = await twoWorkOrders();
    expect(last.producedLot).toBe(lots.chair);
    const back = await trace(client, lots.chair, { direction: 'backward' });
    expect(back.nodes).toEqual([
      { lot: lots.chair, item: 'CHAIR', depth: 0 },
      { lot: lots.wip, item: 'CHAIR', depth: 1 },
      { lot: lots.frame, item: 'FRAME', depth: 2 },
      { lot: lots.steel, item: 'STEEL', depth: 3 },
    ]);
    expect(back.edges).toContainEqual({
      from: lots.steel,
      fromItem: 'STEEL',
      to: lots.frame,
      toItem: 'FRAME',
      qty: 3.5,
      document: { type: 'operation-report', id: expect.any(String) },
    });
    expect(back.tree?.children[0]?.children[0]?.children[0]).toMatchObject({
      lot: lots.steel,
      qty: 3.5,
      depth: 3,
    });
    expect(back.recall).toBeUndefined();

    const shallow = await trace(client, lots.chair, { direction: 'backward', maxDepth: 1 });
    expect(shallow.nodes.map((n) => n.lot)).toEqual([lots.chair, lots.wip]);
    expect(shallow.edges).toHaveLength(1);
  });

  it('traces a supplier lot forward to the finished lot with its recall impact', async () => {
    const { lots, client } = await twoWorkOrders();
    const forward = await trace(client, lots.steel, { direction: 'forward' });
    expect(forward.nodes.map((n) => [n.lot, n.depth])).toEqual([
      [lots.steel, 0],
      [lots.frame, 1],
      [lots.wip, 2],
      [lots.chair, 3],
    ]);
    expect(forward.recall?.finishedLots).toContain(lots.chair);
    expect(forward.recall?.affectedLots).toBe(4);
  });

  it('creates a scanned supplier lot as a material lot and counts produced lots', async () => {
    const { lots, frameWo, client } = await twoWorkOrders();
    const steel = await client.lots.get(lots.steel);
    expect(steel).toMatchObject({ code: lots.steel, item: 'STEEL', kind: 'material', qty: 0 });
    const frame = await client.lots.get(lots.frame);
    expect(frame).toMatchObject({
      item: 'FRAME',
      kind: 'finished',
      qty: 2,
      origin: { type: 'operation-report' },
    });
    const listed = (await client.request({
      method: 'GET',
      path: `/work-orders/${frameWo.no}/operations/10/reports`,
    })) as { items: { consumedLots?: unknown[] }[] };
    expect(listed.items[0]?.consumedLots).toEqual([{ lot: lots.steel, item: 'STEEL', qty: 3.5 }]);
  });

  it('refuses a consumed lot declared as another item than it holds', async () => {
    const { lots } = await twoWorkOrders();
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'FRAME', qty: 1 });
    const wang = await server.as('op-wang');
    const wrong = wang.reports.create(
      wo.no,
      10,
      report(1, { consumedLots: [{ lot: lots.frame, item: 'STEEL', qty: 1 }] }),
      { idempotencyKey: key() },
    );
    await expect(wrong).rejects.toBeInstanceOf(ConflictError);
    await expect(wrong).rejects.toThrow(`lot ${lots.frame} holds item FRAME, not STEEL`);
  });

  it('answers 404 for an unknown lot', async () => {
    const client = await server.as('op-li');
    await expect(trace(client, 'NO-SUCH-LOT', { direction: 'forward' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
