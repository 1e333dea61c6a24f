import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyMismatchError,
  type OperationReportInput,
  ValidationError,
} from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNo, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('operation reports (报工) on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  const key = () => randomUUID();
  const post = async (userId: string, no: string, seq: number, body: unknown, idempotencyKey = key()) =>
    fetch(`${server.url}/api/v1/work-orders/${no}/operations/${seq}/reports`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await server.token(userId)}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });
  const balance = async (item: string, location: string, lot = '') =>
    Number(
      (
        await server.database.db
          .selectFrom('stock_balances')
          .select('qty')
          .where('item', '=', item)
          .where('location', '=', location)
          .where('lot', '=', lot)
          .executeTakeFirst()
      )?.qty ?? 0,
    );
  const reportRows = (no: string) =>
    server.database.db.selectFrom('operation_reports').selectAll().where('work_order_no', '=', no).execute();

  it('takes a work order through its operations, done at the last one, and receives the output into stock', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 10 });
    const wang = await server.as('op-wang');
    const li = await server.as('op-li');

    const first = await wang.reports.create(wo.no, 10, report(10), { idempotencyKey: key() });
    expect(first).toMatchObject({
      workOrderNo: wo.no,
      seq: 10,
      goodQty: 10,
      scrapQty: 0,
      reporter: 'op-wang',
    });
    expect(first.deviceTime).toBe('2026-11-25T10:00:00.000+08:00');
    expect(first.reportedAt).toBe('2026-11-25T09:00:00.000+08:00');
    let now = await wang.workOrders.get(wo.no);
    expect(now.status).toBe('in-progress');
    expect(now.operations.map((op) => op.status)).toEqual(['done', 'ready', 'pending']);

    await wang.reports.create(wo.no, 20, report(8, { scrapQty: 2, scrapReason: '焊缝开裂' }), {
      idempotencyKey: key(),
    });
    await li.reports.create(wo.no, 30, report(5), { idempotencyKey: key() });
    now = await li.workOrders.get(wo.no);
    expect(now.status).toBe('in-progress');
    expect(now.progress).toEqual({ goodQty: 5, scrapQty: 2, ratio: 0.5 });

    server.clock.advance(60_000); // reports list oldest first
    const last = await li.reports.create(wo.no, 30, report(3), { idempotencyKey: key() });
    expect(last.producedLot).toBe(wo.no);
    now = await li.workOrders.get(wo.no);
    expect(now.status).toBe('done');
    expect(now.operations.map((op) => [op.status, op.goodQty, op.scrapQty])).toEqual([
      ['done', 10, 0],
      ['done', 8, 2],
      ['done', 8, 0],
    ]);
    expect(now.operations[2]?.actualEnd).toBe('2026-11-25T09:01:00.000+08:00');
    server.clock.advance(-60_000);
    expect(await balance('CHAIR', 'FG-01', wo.no)).toBe(8);

    const listed = await li.request({ method: 'GET', path: `/work-orders/${wo.no}/operations/30/reports` });
    expect((listed as { items: { goodQty: number }[] }).items.map((r) => r.goodQty)).toEqual([5, 3]);
    const topics = await server.database.db
      .selectFrom('outbox_events')
      .select('topic')
      .where('aggregate_id', '=', wo.no)
      .where('topic', '=', 'operation-report.created')
      .execute();
    expect(topics).toHaveLength(4);
  });

  it("refuses a report outside the operator's workshop, naming both workshops", async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 4 });
    const li = await server.as('op-li');
    const refused = li.reports.create(wo.no, 20, report(1), { idempotencyKey: key() });
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(refused).rejects.toThrow(
      `operation 20 of ${wo.no} belongs to workshop 机加车间; you report for 总装车间`,
    );
    const admin = await server.as('admin');
    await expect(
      admin.reports.create(wo.no, 10, report(1), { idempotencyKey: key() }),
    ).resolves.toMatchObject({
      reporter: 'admin',
    });
    await expect(
      (await server.as('pl-zhou')).reports.create(wo.no, 10, report(1), { idempotencyKey: key() }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a report of an operation before the previous one has output, with the numbers', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 10 });
    const li = await server.as('op-li');
    const wang = await server.as('op-wang');
    const early = li.reports.create(wo.no, 30, report(5), { idempotencyKey: key() });
    await expect(early).rejects.toBeInstanceOf(ConflictError);
    await expect(early).rejects.toThrow('operation 30 cannot report 5: operation 20 has output 0 so far');
    // The same numbers as params, for the app to say it in Chinese.
    await expect(early).rejects.toMatchObject({
      problem: { params: { seq: 30, asked: 5, reported: 0, previousSeq: 20, previousGood: 0 } },
    });

    await wang.reports.create(wo.no, 10, report(6), { idempotencyKey: key() });
    await wang.reports.create(wo.no, 20, report(4), { idempotencyKey: key() });
    await expect(
      wang.reports.create(wo.no, 20, report(2, { scrapQty: 1, scrapReason: '变形' }), {
        idempotencyKey: key(),
      }),
    ).rejects.toThrow(
      'operation 20 cannot report 3: operation 10 has output 6 so far and operation 20 has reported 4 of it',
    );
    expect((await reportRows(wo.no)).length).toBe(2);
  });

  it('refuses quantities finer than the item is counted in, for reports and work orders', async () => {
    const planner = await server.as('pl-zhou');
    const wo = await releasedWorkOrder(planner, { item: 'CHAIR', qty: 10 });
    const half = (await server.as('op-wang')).reports
      .create(wo.no, 10, report(1.5), { idempotencyKey: key() })
      .catch((e) => e);
    expect(await half).toBeInstanceOf(ValidationError);
    expect((await half).errors).toEqual([
      { path: 'goodQty', message: 'CHAIR is counted in pcs with at most 0 decimal places, got 1.5' },
    ]);
    const order = await planner.workOrders
      .create({ item: 'CHAIR', qty: 2.5, due: '2026-12-20' })
      .catch((e) => e);
    expect(order).toBeInstanceOf(ValidationError);
    expect(order.errors.map((e: { path: string }) => e.path)).toEqual(['qty']);
    expect(await reportRows(wo.no)).toHaveLength(0);
  });

  it('refuses more at the first operation than the work order asks for', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 10 });
    const wang = await server.as('op-wang');
    await wang.reports.create(wo.no, 10, report(7), { idempotencyKey: key() });
    const over = wang.reports.create(wo.no, 10, report(4), { idempotencyKey: key() });
    await expect(over).rejects.toThrow(
      'operation 10 cannot report 4: the work order is for 10 and operation 10 has reported 7 so far',
    );
    await expect(over).rejects.toMatchObject({
      problem: { params: { seq: 10, asked: 4, reported: 7, orderQty: 10 } },
    });
  });

  it('refuses reports on a draft work order', async () => {
    const no = freshNo();
    await (await server.as('pl-zhou')).workOrders.create({ no, item: 'TABLE', qty: 1, due: '2026-12-01' });
    const res = await post('op-li', no, 10, report(1));
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toContain('is draft');
  });

  it('answers 404 for an unknown work order or operation', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 1 });
    expect((await (await post('op-li', wo.no, 15, report(1))).json()).detail).toBe(
      `work order ${wo.no} has no operation 15`,
    );
    expect((await post('op-li', 'NO-SUCH-WO', 10, report(1))).status).toBe(404);
  });

  it('requires a scrap reason when scrap is reported', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 3 });
    const res = await post('op-li', wo.no, 10, {
      goodQty: 1,
      scrapQty: 1,
      deviceTime: '2026-11-25T10:00:00+08:00',
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'scrapReason' })]);
    expect(await reportRows(wo.no)).toHaveLength(0);
  });

  it('answers a repeat with the same key with the stored report, stored once', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 3 });
    const li = await server.as('op-li');
    const idempotencyKey = key();
    const first = await li.reports.create(wo.no, 10, report(1), { idempotencyKey });
    const again = await li.reports.create(wo.no, 10, report(1), { idempotencyKey });
    expect(again).toEqual(first);
    expect(await reportRows(wo.no)).toHaveLength(1);
    expect((await li.workOrders.get(wo.no)).operations[0]?.goodQty).toBe(1);
  });

  it('refuses the same key with another body (422)', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 3 });
    const li = await server.as('op-li');
    const idempotencyKey = key();
    await li.reports.create(wo.no, 10, report(1), { idempotencyKey });
    await expect(li.reports.create(wo.no, 10, report(2), { idempotencyKey })).rejects.toBeInstanceOf(
      IdempotencyMismatchError,
    );
    expect(await reportRows(wo.no)).toHaveLength(1);
  });

  it('stores one report when twenty copies with one key arrive together', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 3 });
    const idempotencyKey = key();
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await post('op-li', wo.no, 10, report(1), idempotencyKey);
        return { status: res.status, body: await res.json() };
      }),
    );
    const stored = answers.filter((a) => a.status === 201);
    const busy = answers.filter((a) => a.status === 409);
    expect(stored.length + busy.length).toBe(20);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(new Set(stored.map((a) => a.body.id)).size).toBe(1);
    for (const a of busy) expect(a.body.type).toBe('/problems/idempotency-in-flight');
    expect(await reportRows(wo.no)).toHaveLength(1);
    expect((await (await server.as('op-li')).workOrders.get(wo.no)).operations[0]?.goodQty).toBe(1);
  });

  it('backflushes the components of the output and refuses, writing nothing, when stock is short', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), {
      item: 'TABLE',
      qty: 5,
      backflush: true,
    });
    expect(wo).toMatchObject({ backflush: true, issueLocation: 'RM-01', location: 'FG-01' });
    const li = await server.as('op-li');
    const before = { top: await balance('TOP', 'RM-01'), screw: await balance('SCREW', 'RM-01') };
    expect(before).toEqual({ top: 2, screw: 100 });

    const short = await post('op-li', wo.no, 10, report(3));
    expect(short.status).toBe(409);
    expect((await short.json()).type).toBe('/problems/insufficient-stock');
    expect(await reportRows(wo.no)).toHaveLength(0);
    expect(await balance('TOP', 'RM-01')).toBe(2);
    expect(await balance('TABLE', 'FG-01', wo.no)).toBe(0);
    expect((await li.workOrders.get(wo.no)).operations[0]).toMatchObject({ goodQty: 0, status: 'ready' });

    await li.reports.create(wo.no, 10, report(2), { idempotencyKey: key() });
    expect(await balance('TOP', 'RM-01')).toBe(0);
    expect(await balance('SCREW', 'RM-01')).toBe(84);
    expect(await balance('TABLE', 'FG-01', wo.no)).toBe(2);
    const ledger = await server.database.db
      .selectFrom('stock_movements')
      .select(['kind', 'item', 'qty'])
      .where('source_type', '=', 'operation-report')
      .where('item', 'in', ['TOP', 'SCREW', 'TABLE'])
      .where('lot', 'in', ['', wo.no])
      .orderBy('item')
      .execute();
    expect(ledger.map((m) => [m.kind, m.item, Number(m.qty)])).toEqual([
      ['issue', 'SCREW', -16],
      ['production-receipt', 'TABLE', 2],
      ['issue', 'TOP', -2],
    ]);
  });

  it('keeps every operation within what the one before it put out, whatever is reported', async () => {
    const planner = await server.as('pl-zhou');
    const reporterOf: Record<number, string> = { 10: 'op-wang', 20: 'op-wang', 30: 'op-li' };
    const attempt = fc.record({
      seq: fc.constantFrom(10, 20, 30),
      good: fc.integer({ min: 0, max: 6 }),
      scrap: fc.integer({ min: 0, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 8 }), async (attempts) => {
        const wo = await releasedWorkOrder(planner, { item: 'CHAIR', qty: 8 });
        const accepted = new Map<number, number>();
        for (const a of attempts) {
          if (a.good + a.scrap === 0) continue;
          const body: OperationReportInput = report(a.good, {
            scrapQty: a.scrap,
            ...(a.scrap > 0 ? { scrapReason: '试验' } : {}),
          }) as OperationReportInput;
          const res = await post(reporterOf[a.seq]!, wo.no, a.seq, body);
          expect([201, 409]).toContain(res.status);
          if (res.status === 201) accepted.set(a.seq, (accepted.get(a.seq) ?? 0) + a.good + a.scrap);
        }
        const ops = (await planner.workOrders.get(wo.no)).operations;
        let input = 8;
        for (const op of ops) {
          expect(op.goodQty + op.scrapQty).toBeLessThanOrEqual(input);
          expect(op.goodQty + op.scrapQty).toBe(accepted.get(op.seq) ?? 0);
          input = op.goodQty;
        }
      }),
      { numRuns: 12 },
    );
  });
});
