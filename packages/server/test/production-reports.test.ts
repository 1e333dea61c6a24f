import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyMismatchError,
  type OperationReportInput,
  ValidationError,
} from '@shopfloor/sdk';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { postMovements } from '../src/modules/stock/ledger.js';
import { freshNo, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * The production plant plus a stool (凳子) made in one operation of WS-ASM from fractional whole-piece
 * components: 0.5 GLUE (胶水, by the bottle) and 0.4 PAD (脚垫) per stool, 100 of each at RM-01.
 */
async function seedWithStool(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  await seedProduction(db, config);
  const org = config.orgId;
  await sql`
    insert into items (org_id, code, name, uom, type, precision) values
      (${org}, 'STOOL', '凳子', 'pcs', 'make', 0),
      (${org}, 'GLUE', '胶水', 'bottle', 'buy', 0),
      (${org}, 'PAD', '脚垫', 'pcs', 'buy', 0)`.execute(db);
  await sql`
    insert into routings (org_id, item, seq, name, workshop, work_center, standard_minutes) values
      (${org}, 'STOOL', 10, '总装', 'WS-ASM', 'ASM-1', 3)`.execute(db);
  await sql`
    insert into bom_lines (org_id, parent, child, seq, qty) values
      (${org}, 'STOOL', 'GLUE', 10, 0.5), (${org}, 'STOOL', 'PAD', 20, 0.4)`.execute(db);
  await sql`update bom_revisions set revision = revision + 1 where org_id = ${org}`.execute(db);
  await db.transaction().execute((tx) =>
    postMovements(tx, {
      orgId: org,
      actor: 'admin',
      source: { type: 'opening-balance', id: 'OB-STOOL' },
      movements: [
        { kind: 'receipt', item: 'GLUE', location: 'RM-01', qty: 100 },
        { kind: 'receipt', item: 'PAD', location: 'RM-01', qty: 100 },
      ],
    }),
  );
}

describe.each(backends())('operation reports (报工) on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedWithStool });
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

  it('backflushes the rounded need of the whole output when work is reported piece by piece', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), {
      item: 'STOOL',
      qty: 10,
      backflush: true,
    });
    const li = await server.as('op-li');
    const taken = async () => ({
      glue: 100 - (await balance('GLUE', 'RM-01')),
      pad: 100 - (await balance('PAD', 'RM-01')),
    });
    const seen: { glue: number; pad: number }[] = [];
    for (let n = 1; n <= 10; n++) {
      await li.reports.create(wo.no, 10, report(1), { idempotencyKey: key() });
      seen.push(await taken());
    }
    // After n stools: round(0.5 n) bottles of glue and round(0.4 n) pads, half up — never n and 0.
    expect(seen.map((t) => t.glue)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(seen.map((t) => t.pad)).toEqual([0, 1, 1, 2, 2, 2, 3, 3, 4, 4]);
    expect(await taken()).toEqual({ glue: 5, pad: 4 });
    expect(await balance('STOOL', 'FG-01', wo.no)).toBe(10);
    expect((await li.workOrders.get(wo.no)).status).toBe('done');
    // Reported at once, the same: round(0.5 × 3) = 2, round(0.4 × 3) = 1.
    const once = await releasedWorkOrder(await server.as('pl-zhou'), {
      item: 'STOOL',
      qty: 3,
      backflush: true,
    });
    await li.reports.create(once.no, 10, report(3), { idempotencyKey: key() });
    expect(await taken()).toEqual({ glue: 7, pad: 5 });
  });

  it('takes float noise in reported and ordered quantities as the decimal it stands for, and stores that', async () => {
    const planner = await server.as('pl-zhou');
    // 0.1 × 30 = 3.0000000000000004: what a client computing the quantity sends.
    const order = await planner.workOrders.create({ item: 'CHAIR', qty: 0.1 * 30, due: '2026-12-20' });
    expect(order.qty).toBe(3);
    const stored = await server.database.db
      .selectFrom('work_orders')
      .select('qty')
      .where('no', '=', order.no)
      .executeTakeFirstOrThrow();
    expect(String(stored.qty)).toBe('3');
    await planner.workOrders.release(order.no);
    const created = await (await server.as('op-wang')).reports.create(
      order.no,
      10,
      report(2.0000000000000004, { scrapQty: 0.1 + 0.2 + 0.7, scrapReason: '试验' }),
      { idempotencyKey: key() },
    );
    expect(created).toMatchObject({ goodQty: 2, scrapQty: 1 });
    const [row] = await reportRows(order.no);
    expect([String(row!.good_qty), String(row!.scrap_qty)]).toEqual(['2', '1']);
    const op = await server.database.db
      .selectFrom('work_order_operations')
      .select(['good_qty', 'scrap_qty', 'status'])
      .where('work_order_no', '=', order.no)
      .where('seq', '=', 10)
      .executeTakeFirstOrThrow();
    expect([String(op.good_qty), String(op.scrap_qty), op.status]).toEqual(['2', '1', 'done']);
  });

  it('answers 409 lot-item-mismatch with its params when the produced lot holds another item', async () => {
    const planner = await server.as('pl-zhou');
    const frames = await releasedWorkOrder(planner, { item: 'FRAME', qty: 2 });
    await (await server.as('op-wang')).reports.create(
      frames.no,
      10,
      report(1, { producedLot: `LOT-${frames.no}` }),
      {
        idempotencyKey: key(),
      },
    );
    const chairs = await releasedWorkOrder(planner, { item: 'CHAIR', qty: 2 });
    const res = await post('op-wang', chairs.no, 10, report(1, { producedLot: `LOT-${frames.no}` }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      type: '/problems/lot-item-mismatch',
      params: { lot: `LOT-${frames.no}`, item: 'CHAIR', expected: 'FRAME' },
    });
    expect(await reportRows(chairs.no)).toHaveLength(0);
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
