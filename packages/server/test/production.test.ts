import { ConflictError, ForbiddenError, parseOperationQr, ValidationError } from '@shopfloor/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshNo, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('work orders on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());
  // Sessions live 12 h from the clock's start: tests that move time put it back.
  afterEach(() => server.clock.set('2026-11-25T09:00:00+08:00'));

  it('creates a draft work order with the operations of the routing and their QR payloads', async () => {
    const planner = await server.as('pl-zhou');
    const no = freshNo();
    const wo = await planner.workOrders.create({ no, item: 'CHAIR', qty: 10, due: '2026-12-01' });
    expect(wo).toMatchObject({ no, item: 'CHAIR', qty: 10, uom: 'pcs', status: 'draft', location: 'FG-01' });
    expect(wo.operations.map((op) => [op.seq, op.name, op.workshop, op.qr])).toEqual([
      [10, '下料', 'WS-MCH', `SF1:OP:${no}:10`],
      [20, '焊接', 'WS-MCH', `SF1:OP:${no}:20`],
      [30, '总装', 'WS-ASM', `SF1:OP:${no}:30`],
    ]);
    for (const op of wo.operations)
      expect(parseOperationQr(op.qr!)).toEqual({ workOrderNo: no, seq: op.seq });
    expect(await planner.workOrders.get(no)).toEqual(wo);
  });

  it('numbers a work order by the Shanghai day when no number is given', async () => {
    const planner = await server.as('pl-zhou');
    server.clock.set('2026-11-24T23:30:00+08:00');
    const first = await planner.workOrders.create({ item: 'TABLE', qty: 1, due: '2026-12-01' });
    const second = await planner.workOrders.create({ item: 'TABLE', qty: 1, due: '2026-12-01' });
    expect(first.no).toBe('WO-20261124-0001');
    expect(second.no).toBe('WO-20261124-0002');
    server.clock.set('2026-11-25T00:30:00+08:00');
    const nextDay = await planner.workOrders.create({ item: 'TABLE', qty: 1, due: '2026-12-01' });
    expect(nextDay.no).toBe('WO-20261125-0001');
  });

  it('refuses a work order for an item without routing, and a duplicate number', async () => {
    const planner = await server.as('pl-zhou');
    await expect(planner.workOrders.create({ item: 'NOROUTE', qty: 1, due: '2026-12-01' })).rejects.toThrow(
      /NOROUTE has no routing/,
    );
    const no = freshNo();
    await planner.workOrders.create({ no, item: 'TABLE', qty: 1, due: '2026-12-01' });
    await expect(
      planner.workOrders.create({ no, item: 'TABLE', qty: 1, due: '2026-12-01' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('lets only planners and admins create and release work orders', async () => {
    const operator = await server.as('op-li');
    await expect(
      operator.workOrders.create({ item: 'TABLE', qty: 1, due: '2026-12-01' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const planner = await server.as('pl-zhou');
    const no = freshNo();
    await planner.workOrders.create({ no, item: 'TABLE', qty: 1, due: '2026-12-01' });
    await expect(operator.workOrders.release(no)).rejects.toBeInstanceOf(ForbiddenError);
    const admin = await server.as('admin');
    const released = await admin.workOrders.release(no);
    expect(released.status).toBe('released');
    expect(released.operations[0]?.status).toBe('ready');
    await expect(admin.workOrders.release(no)).rejects.toThrow(/only a draft can be released/);
  });

  it('emits an event when a work order is released', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 1 });
    const events = await server.database.db
      .selectFrom('outbox_events')
      .select('topic')
      .where('aggregate_id', '=', wo.no)
      .execute();
    expect(events.map((e) => e.topic)).toEqual(['work-order.created', 'work-order.released']);
  });

  it('lists work orders by filters, page by page, and operators only those of their workshops', async () => {
    const planner = await server.as('pl-zhou');
    const due = '2027-03-03';
    const chair = await planner.workOrders.create({ no: freshNo(), item: 'CHAIR', qty: 2, due });
    const table = await planner.workOrders.create({ no: freshNo(), item: 'TABLE', qty: 2, due });
    const frame = await planner.workOrders.create({ no: freshNo(), item: 'FRAME', qty: 2, due });
    const window = { dueBefore: '2027-03-04', status: 'draft' as const };
    const all = [];
    for await (const wo of planner.workOrders.list({ ...window, limit: 1 }))
      if (wo.due === due) all.push(wo.no);
    expect(all.sort()).toEqual([chair.no, table.no, frame.no].sort());

    const onDay = async (client: typeof planner, query = {}) =>
      (await client.workOrders.listPage({ ...window, ...query, limit: 500 })).items
        .filter((wo) => wo.due === due)
        .map((wo) => wo.no)
        .sort();
    expect(await onDay(await server.as('op-li'))).toEqual([chair.no, table.no].sort());
    expect(await onDay(await server.as('op-wang'))).toEqual([chair.no, frame.no].sort());
    expect(await onDay(planner, { item: 'FRAME' })).toEqual([frame.no]);
    expect(await onDay(planner, { workshop: 'WS-ASM' })).toEqual([chair.no, table.no].sort());
    await expect((await server.as('op-wang')).workOrders.get(table.no)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('prints one QR label per operation on an A4 SVG sheet, and as a print page', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 5 });
    const token = await server.token('op-li');
    const res = await fetch(`${server.url}/api/v1/work-orders/${wo.no}/labels`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await res.text();
    expect(svg).toMatch(
      /^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="210mm" height="297mm"/,
    );
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<svg/g)?.length).toBe(1 + wo.operations.length);
    expect(svg.match(/<svg/g)?.length).toBe(svg.match(/<\/svg>/g)?.length);
    for (const op of wo.operations) expect(svg).toContain(`data-qr="${op.qr}"`);
    expect(svg).toContain('实木餐椅');
    expect(svg).toContain('机加车间');
    expect(svg).toContain('Noto Sans CJK SC');

    const html = await fetch(`${server.url}/api/v1/work-orders/${wo.no}/labels?format=html`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('@page { size: A4');
    for (const op of wo.operations) expect(page).toContain(op.qr);
  });

  it('stacks a second A4 page when a work order has more than eight operations', async () => {
    await server.database.db
      .insertInto('routings')
      .values(
        Array.from({ length: 9 }, (_, i) => ({
          org_id: server.deps.config.orgId,
          item: 'STEEL',
          seq: (i + 1) * 10,
          name: `工序${i + 1}`,
          workshop: 'WS-MCH',
        })),
      )
      .execute();
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'STEEL', qty: 1 });
    const res = await fetch(`${server.url}/api/v1/work-orders/${wo.no}/labels`, {
      headers: { Authorization: `Bearer ${await server.token('admin')}` },
    });
    const svg = await res.text();
    expect(svg).toContain('height="594mm"');
    expect(svg.match(/class="label"/g)?.length).toBe(9);
  });

  it('refuses labels for a draft', async () => {
    const no = freshNo();
    await (await server.as('pl-zhou')).workOrders.create({ no, item: 'TABLE', qty: 1, due: '2026-12-01' });
    const res = await fetch(`${server.url}/api/v1/work-orders/${no}/labels`, {
      headers: { Authorization: `Bearer ${await server.token('admin')}` },
    });
    expect(res.status).toBe(409);
  });

  it('opens an overdue alert after the due day and resolves it once the operation is done', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), {
      item: 'TABLE',
      qty: 2,
      due: '2026-11-26',
    });
    const overdue = server.services.workers.overdue;
    const alertOf = () =>
      server.database.db
        .selectFrom('alerts')
        .select(['status', 'severity', 'message', 'params'])
        .where('kind', '=', 'overdue-operation')
        .where('subject', '=', `${wo.no}:10`)
        .orderBy('opened_at', 'desc')
        .executeTakeFirst();

    // Planned backward from the due day: the last 24 minutes of its last shift (docs/planning.md).
    expect(wo.operations[0]?.plannedEnd).toBe('2026-11-26T17:00:00.000+08:00');
    server.clock.set('2026-11-26T16:59:00+08:00');
    await overdue.tick();
    expect(await alertOf()).toBeUndefined();

    server.clock.set('2026-11-26T22:00:00+08:00');
    await overdue.tick();
    const opened = await alertOf();
    expect(opened).toMatchObject({ status: 'open', severity: 'warning' });
    expect(opened?.message).toBe(
      `工单 ${wo.no} 工序 10（总装）已逾期 5 小时：应于 2026-11-26 17:00 完成，合格 0 / 2`,
    );

    const lateMinutes = async () =>
      ((await alertOf())?.params as { lateMinutes?: number } | undefined)?.lateMinutes;
    expect(await lateMinutes()).toBe(300);
    // Not rewritten while its words would only move by minutes (5 h 20 min late still says 5 h)…
    server.clock.set('2026-11-26T22:20:00+08:00');
    await overdue.tick();
    expect(await lateMinutes()).toBe(300);
    // …an hour on it is, and the words say so.
    server.clock.set('2026-11-26T23:05:00+08:00');
    await overdue.tick();
    expect(await lateMinutes()).toBe(365);
    expect((await alertOf())?.message).toContain('已逾期 6 小时');

    server.clock.set('2026-11-27T18:00:00+08:00');
    await overdue.tick();
    expect(await alertOf()).toMatchObject({ status: 'open', severity: 'critical' });

    server.clock.set('2026-11-25T10:00:00+08:00'); // the session's lifetime; only the worker needs the late clock
    await (await server.as('op-li')).reports.create(wo.no, 10, report(2), {
      idempotencyKey: crypto.randomUUID(),
    });
    server.clock.set('2026-11-28T07:00:00+08:00');
    await overdue.tick();
    expect((await alertOf())?.status).toBe('resolved');
  });

  it('rejects a malformed work order with field paths', async () => {
    const planner = await server.as('pl-zhou');
    await expect(
      planner.workOrders.create({ item: 'TABLE', qty: -1, due: '2026-12-01' }),
    ).rejects.toBeInstanceOf(ValidationError);
    const res = await fetch(`${server.url}/api/v1/work-orders`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await server.token('pl-zhou')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ item: 'TABLE', qty: 0, due: '2026-13-01' }),
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(['due', 'qty']);
  });
});
