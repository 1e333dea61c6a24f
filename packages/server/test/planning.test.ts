import { randomUUID } from 'node:crypto';
import { parseCalendar, type WorkCalendar } from '@shopfloor/sdk/admin';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFactory } from '../src/demo/index.js';
import { CompiledCalendar, operationDuration } from '../src/modules/scheduling/index.js';
import { freshNo, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, TestClock, type TestServer } from './harness.js';

interface Day {
  workCenter: string | null;
  date: string;
  plannedMinutes: number;
  availableMinutes: number;
  overloaded: boolean;
}

const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

const SHIFTS: WorkCalendar['shifts'][] = [
  [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
  [{ start: '07:30', end: '16:30' }],
  [
    { start: '06:00', end: '14:00' },
    { start: '14:00', end: '22:00' },
  ],
  [{ start: '20:00', end: '04:00' }],
];

describe.each(backends())('planning on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());
  afterEach(() => server.clock.set('2026-11-25T09:00:00+08:00'));

  const org = () => server.deps.config.orgId;
  async function api(user: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token(user)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: answers read loosely, field by field
    return { status: res.status, json: (await res.json()) as any };
  }

  async function plantWith(
    item: string,
    centers: { code: string; calendar: WorkCalendar; stations: number; owner?: string; tolerance?: number }[],
    ops: { seq: number; center: string | null; setup: number; standard: number; owner?: string }[],
  ) {
    const db = server.database.db;
    await sql`insert into items (org_id, code, name, uom, type, precision)
              values (${org()}, ${item}, ${item}, 'pcs', 'make', 0)`.execute(db);
    for (const c of centers) {
      await db
        .insertInto('work_centers')
        .values({
          org_id: org(),
          code: c.code,
          name: c.code,
          workshop: 'WS-MCH',
          stations: c.stations,
          calendar: JSON.stringify(c.calendar) as never,
          owner: c.owner ?? null,
          late_tolerance: c.tolerance ?? null,
        })
        .execute();
    }
    for (const op of ops) {
      await db
        .insertInto('routings')
        .values({
          org_id: org(),
          item,
          seq: op.seq,
          name: `工序${op.seq}`,
          workshop: 'WS-MCH',
          work_center: op.center,
          standard_minutes: op.standard,
          setup_minutes: op.setup,
          owner: op.owner ?? null,
        })
        .execute();
    }
  }

  it('plans every released work order in working time and in sequence (random routings and calendars)', async () => {
    const planner = await server.as('pl-zhou');
    const calendar = fc.record({
      workdays: fc
        .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
        .map((d) => d.sort()),
      shifts: fc.constantFrom(...SHIFTS),
    });
    const routing = fc.array(
      fc.record({
        center: fc.integer({ min: -1, max: 2 }),
        setup: fc.integer({ min: 0, max: 90 }),
        standard: fc.constantFrom(0, 0.5, 1, 2.5, 6, 15),
      }),
      { minLength: 1, maxLength: 4 },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ calendar, stations: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 3,
          maxLength: 3,
        }),
        routing,
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 9 * 60, max: 21 * 60 - 1 }), // within the sessions' 12 h
        async (cals, ops, qty, dueInDays, releaseMinute) => {
          const tag = `P${process.pid}R${++run}`;
          const centers = cals.map((c, i) => ({ code: `${tag}-${i}`, ...c }));
          await plantWith(
            tag,
            centers,
            ops.map((o, i) => ({
              seq: (i + 1) * 10,
              center: o.center < 0 ? null : centers[o.center]!.code,
              setup: o.setup,
              standard: o.standard,
            })),
          );
          const release = new Date(Date.parse('2026-11-25T00:00:00+08:00') + releaseMinute * 60_000);
          server.clock.set(release);
          const due = new Date(Date.parse('2026-11-25T12:00:00+08:00') + dueInDays * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const no = freshNo(tag);
          await planner.workOrders.create({ no, item: tag, qty, due });
          const wo = await planner.workOrders.release(no);
          let previousEnd = Math.ceil(release.getTime() / 60_000);
          for (const [i, op] of wo.operations.entries()) {
            expect(op.plannedStart, `${no} ${op.seq}`).toBeTruthy();
            const start = minuteOf(op.plannedStart!);
            const end = minuteOf(op.plannedEnd!);
            const spec = ops[i]!;
            const center = spec.center < 0 ? null : centers[spec.center]!;
            const cal = new CompiledCalendar(
              center ? center.calendar : parseCalendar('周一至周五 08:00-12:00 13:00-17:00'),
            );
            const need = operationDuration(
              { seq: op.seq, setupMinutes: spec.setup, standardMinutes: spec.standard, quantity: qty },
              center?.stations ?? 1,
            ).workingMinutes;
            // In sequence: never before release, never before the predecessor ends.
            expect(start).toBeGreaterThanOrEqual(previousEnd);
            expect(end).toBeGreaterThanOrEqual(start);
            // Every planned minute in working time: the span holds exactly the work, and starts and
            // ends on working minutes.
            expect(cal.workingBetween(start, end)).toBe(need);
            if (need > 0) {
              expect(cal.isWorking(start)).toBe(true);
              expect(cal.isWorking(end - 1)).toBe(true);
            }
            previousEnd = end;
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('copies owners from the routing, else the work center, and plans backward from the due date', async () => {
    const tag = `OWN${process.pid}`;
    await plantWith(
      tag,
      [
        {
          code: `${tag}-C`,
          calendar: parseCalendar('周一至周五 08:00-12:00 13:00-17:00'),
          stations: 1,
          owner: 'op-wang',
        },
      ],
      [
        { seq: 10, center: `${tag}-C`, setup: 30, standard: 6, owner: 'op-li' },
        { seq: 20, center: `${tag}-C`, setup: 0, standard: 3 },
      ],
    );
    const planner = await server.as('pl-zhou');
    const no = freshNo(tag);
    const created = await planner.workOrders.create({ no, item: tag, qty: 10, due: '2026-12-04' });
    // Planned at creation already: 30 + 6 × 10 minutes, then 3 × 10, ending with Friday's last shift.
    expect(created.operations.map((o) => [o.seq, o.plannedStart, o.plannedEnd])).toEqual([
      [10, '2026-12-04T15:00:00.000+08:00', '2026-12-04T16:30:00.000+08:00'],
      [20, '2026-12-04T16:30:00.000+08:00', '2026-12-04T17:00:00.000+08:00'],
    ]);
    const got = await api('pl-zhou', 'GET', `/work-orders/${no}`);
    expect(
      got.json.operations.map((o: { owner?: string; ownerName?: string }) => [o.owner, o.ownerName]),
    ).toEqual([
      ['op-li', '李师傅'],
      ['op-wang', '王师傅'],
    ]);

    const changed = await api('pl-zhou', 'PUT', `/work-orders/${no}/operations/20/owner`, {
      owner: 'pl-zhou',
    });
    expect(changed.status).toBe(200);
    expect(changed.json.operations[1]).toMatchObject({ owner: 'pl-zhou', ownerName: '周计划' });
    const logged = await server.database.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'before', 'after'])
      .where('subject_id', '=', `${no}:20`)
      .execute();
    expect(logged).toEqual([
      {
        actor: 'pl-zhou',
        action: 'operation.owner-changed',
        before: { owner: 'op-wang' },
        after: { owner: 'pl-zhou' },
      },
    ]);
    const cleared = await api('admin', 'PUT', `/work-orders/${no}/operations/20/owner`, { owner: null });
    expect(cleared.json.operations[1].owner).toBeUndefined();

    await server.database.db
      .updateTable('users')
      .set({ active: false })
      .where('id', '=', 'op-wang')
      .execute();
    try {
      const inactive = await api('pl-zhou', 'PUT', `/work-orders/${no}/operations/20/owner`, {
        owner: 'op-wang',
      });
      expect(inactive.status).toBe(400);
      expect(inactive.json.errors).toEqual([{ path: 'owner', message: "no active user 'op-wang'" }]);
    } finally {
      await server.database.db
        .updateTable('users')
        .set({ active: true })
        .where('id', '=', 'op-wang')
        .execute();
    }
    const unknown = await api('pl-zhou', 'PUT', `/work-orders/${no}/operations/20/owner`, {
      owner: 'nobody',
    });
    expect(unknown.status).toBe(400);
    expect(
      (await api('pl-zhou', 'PUT', `/work-orders/${no}/operations/90/owner`, { owner: null })).json.type,
    ).toBe('/problems/operation-not-found');
    expect(
      (await api('pl-zhou', 'PUT', `/work-orders/NO-SUCH/operations/10/owner`, { owner: null })).status,
    ).toBe(404);
    expect(
      (await api('op-li', 'PUT', `/work-orders/${no}/operations/10/owner`, { owner: null })).status,
    ).toBe(403);
  });

  it('plans a huge quantity forward (never scanning years back) and refuses one beyond 10 years with 400 at qty', async () => {
    const tag = `BIG${process.pid}`;
    await plantWith(
      tag,
      [{ code: `${tag}-C`, calendar: parseCalendar('周一至周五 08:00-12:00 13:00-17:00'), stations: 1 }],
      [{ seq: 10, center: `${tag}-C`, setup: 0, standard: 1 }],
    );
    const planner = await server.as('pl-zhou');
    // 20,000 minutes ≈ 42 working days: does not fit before the due date, so forward and late.
    const long = await planner.workOrders.create({
      no: freshNo(tag),
      item: tag,
      qty: 20_000,
      due: '2026-12-01',
    });
    expect(long.operations[0]!.plannedStart).toBe('2026-11-25T09:00:00.000+08:00');
    const direction = await server.database.db
      .selectFrom('work_order_operations')
      .select('plan_direction')
      .where('work_order_no', '=', long.no)
      .executeTakeFirstOrThrow();
    expect(direction.plan_direction).toBe('forward');
    // 3,000,000 minutes ≈ 25 years of 8-hour days: refused, nothing written.
    const no = freshNo(tag);
    const refused = await api('pl-zhou', 'POST', '/work-orders', {
      no,
      item: tag,
      qty: 3_000_000,
      due: '2026-12-01',
    });
    expect(refused.status).toBe(400);
    expect(refused.json.type).toBe('/problems/unplannable');
    expect(refused.json.errors[0].path).toBe('qty');
    const written = await server.database.db
      .selectFrom('work_orders')
      .select('no')
      .where('no', '=', no)
      .execute();
    expect(written).toEqual([]);
  });

  it('replans the rest forward from a report that comes after the planned end', async () => {
    const tag = `RPL${process.pid}`;
    await plantWith(
      tag,
      [{ code: `${tag}-C`, calendar: parseCalendar('周一至周五 08:00-12:00 13:00-17:00'), stations: 1 }],
      [
        { seq: 10, center: `${tag}-C`, setup: 0, standard: 6 },
        { seq: 20, center: `${tag}-C`, setup: 20, standard: 3 },
      ],
    );
    const planner = await server.as('pl-zhou');
    const no = freshNo(tag);
    await planner.workOrders.create({ no, item: tag, qty: 10, due: '2026-11-25' });
    const wo = await planner.workOrders.release(no);
    // Backward from the end of the 25th: 60 minutes of 10 from 15:10, 50 minutes of 20 to 17:00.
    expect(wo.operations[0]!.plannedEnd).toBe('2026-11-25T16:10:00.000+08:00');
    server.clock.set('2026-11-25T16:40:00+08:00');
    await (await server.as('op-wang')).reports.create(no, 10, report(4), { idempotencyKey: randomUUID() });
    const after = await planner.workOrders.get(no);
    // 6 × 6 = 36 minutes of 10 left from 16:40: to 17:00, then 16 minutes on Thursday; 20 follows.
    expect(after.operations.map((o) => [o.plannedStart, o.plannedEnd])).toEqual([
      ['2026-11-25T16:40:00.000+08:00', '2026-11-26T08:16:00.000+08:00'],
      ['2026-11-26T08:16:00.000+08:00', '2026-11-26T09:06:00.000+08:00'],
    ]);
    const directions = await server.database.db
      .selectFrom('work_order_operations')
      .select('plan_direction')
      .where('work_order_no', '=', no)
      .orderBy('seq')
      .execute();
    expect(directions.map((d) => d.plan_direction)).toEqual(['replan', 'replan']);
  });

  it('answers the load per work center and day, overloads flagged, within 62 days', async () => {
    const tag = `LD${process.pid}`;
    await plantWith(
      tag,
      [{ code: `${tag}-C`, calendar: parseCalendar('周一至周五 08:00-12:00 13:00-17:00'), stations: 2 }],
      [{ seq: 10, center: `${tag}-C`, setup: 30, standard: 60 }],
    );
    const planner = await server.as('pl-zhou');
    const no = freshNo(tag);
    // 20 units on two stations: 30 + 60 × 10 = 630 working minutes; load 2 × 30 + 60 × 20 = 1260.
    await planner.workOrders.create({ no, item: tag, qty: 20, due: '2026-11-27' });
    const wo = await planner.workOrders.release(no);
    expect(wo.operations[0]).toMatchObject({
      plannedStart: '2026-11-26T14:30:00.000+08:00',
      plannedEnd: '2026-11-27T17:00:00.000+08:00',
    });
    const load = await api('pl-zhou', 'GET', '/work-centers/load?from=2026-11-25&to=2026-11-29');
    expect(load.status).toBe(200);
    const mine = load.json.days.filter((d: Day) => d.workCenter === `${tag}-C`);
    // Two stations × 480 working minutes a weekday; none on the weekend.
    expect(mine.map((d: Day) => [d.date, d.availableMinutes])).toEqual([
      ['2026-11-25', 960],
      ['2026-11-26', 960],
      ['2026-11-27', 960],
      ['2026-11-28', 0],
      ['2026-11-29', 0],
    ]);
    // 150 and 480 of the 630 working minutes fall on the 26th and the 27th: 1260 × each share.
    expect(mine.map((d: Day) => d.plannedMinutes)).toEqual([0, 300, 960, 0, 0]);
    expect(mine.every((d: Day) => d.overloaded === false)).toBe(true);
    expect(load.json.workCenters).toContainEqual({
      code: `${tag}-C`,
      name: `${tag}-C`,
      workshop: 'WS-MCH',
      stations: 2,
    });
    expect(load.json.operations).toContainEqual(
      expect.objectContaining({ workOrderNo: no, seq: 10, loadMinutes: 1260, workCenter: `${tag}-C` }),
    );
    // A second order on the same days overloads the 27th.
    const second = freshNo(tag);
    await planner.workOrders.create({ no: second, item: tag, qty: 20, due: '2026-11-27' });
    await planner.workOrders.release(second);
    const twice = await api(
      'pl-zhou',
      'GET',
      '/work-centers/load?from=2026-11-26&to=2026-11-27&workshop=WS-MCH',
    );
    const days = twice.json.days.filter((d: Day) => d.workCenter === `${tag}-C`);
    expect(days.map((d: Day) => [d.plannedMinutes, d.overloaded])).toEqual([
      [600, false],
      [1920, true],
    ]);
    const elsewhere = await api(
      'pl-zhou',
      'GET',
      '/work-centers/load?from=2026-11-26&to=2026-11-27&workshop=WS-ASM',
    );
    expect(elsewhere.json.days.some((d: Day) => d.workCenter === `${tag}-C`)).toBe(false);

    const long = await api('pl-zhou', 'GET', '/work-centers/load?from=2026-01-01&to=2026-03-05');
    expect(long.status).toBe(400);
    expect(long.json.errors[0].path).toBe('to');
    const backwards = await api('pl-zhou', 'GET', '/work-centers/load?from=2026-03-05&to=2026-03-01');
    expect(backwards.json.errors[0]).toEqual({ path: 'to', message: 'must not be before from' });
    expect(
      (await api('pl-zhou', 'GET', '/work-centers/load?from=2026-02-30&to=2026-03-01')).json.errors[0].path,
    ).toBe('from');
    expect((await api('op-li', 'GET', '/work-centers/load?from=2026-03-01&to=2026-03-01')).status).toBe(403);
  });

  it('raises one overdue alert for an operation slower than standard × tolerance, resolved when done', async () => {
    const tag = `SLW${process.pid}`;
    await plantWith(
      tag,
      [
        { code: `${tag}-A`, calendar: parseCalendar('周一至周五 08:00-12:00 13:00-17:00'), stations: 1 },
        {
          code: `${tag}-B`,
          calendar: parseCalendar('周一至周五 08:00-12:00 13:00-17:00'),
          stations: 1,
          tolerance: 3,
        },
      ],
      [{ seq: 10, center: `${tag}-A`, setup: 0, standard: 10 }],
    );
    await sql`insert into items (org_id, code, name, uom, type, precision)
              values (${org()}, ${`${tag}B`}, 'b', 'pcs', 'make', 0)`.execute(server.database.db);
    await sql`insert into routings (org_id, item, seq, name, workshop, work_center, standard_minutes)
              values (${org()}, ${`${tag}B`}, 10, '焊接', 'WS-MCH', ${`${tag}-B`}, 10)`.execute(
      server.database.db,
    );
    const planner = await server.as('pl-zhou');
    const slow = freshNo(tag);
    const tolerant = freshNo(tag);
    for (const [no, item] of [
      [slow, tag],
      [tolerant, `${tag}B`],
    ] as const) {
      await planner.workOrders.create({ no, item, qty: 10, due: '2026-12-31' });
      await planner.workOrders.release(no);
    }
    // First reports at 09:00 Wednesday: one of ten done, one in hand: (0 + 10 × 2) × 1.5 = 30 minutes.
    const operator = await server.as('op-wang');
    for (const no of [slow, tolerant]) {
      await operator.reports.create(no, 10, report(1), { idempotencyKey: randomUUID() });
    }
    const overdue = server.services.workers.overdue;
    const alerts = (no: string) =>
      server.database.db
        .selectFrom('alerts')
        .select(['status', 'message', 'params'])
        .where('kind', '=', 'overdue-operation')
        .where('subject', '=', `${no}:10`)
        .execute();
    server.clock.set('2026-11-25T09:30:00+08:00');
    await overdue.tick();
    expect(await alerts(slow)).toEqual([]);
    // 11:50 to 13:01 is 11 + 1 working minutes past 09:00's 170: lunch does not count.
    server.clock.set('2026-11-25T09:31:00+08:00');
    await overdue.tick();
    await overdue.tick();
    const raised = await alerts(slow);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      status: 'open',
      params: { reason: 'slow', elapsedMinutes: 31, allowedMinutes: 30, tolerance: 1.5 },
    });
    expect(raised[0]!.message).toContain('用时超标');
    // The work center's tolerance of 3 allows 60 minutes.
    expect(await alerts(tolerant)).toEqual([]);
    server.clock.set('2026-11-25T10:01:00+08:00');
    await overdue.tick();
    expect(await alerts(tolerant)).toHaveLength(1);

    server.clock.set('2026-11-25T10:05:00+08:00');
    await operator.reports.create(slow, 10, report(9), { idempotencyKey: randomUUID() });
    await overdue.tick();
    expect((await alerts(slow)).map((a) => a.status)).toEqual(['resolved']);
  });

  it('measures from the start scan a report carries (startedAt), kept as the actual start when first', async () => {
    const tag = `STS${process.pid}`;
    await plantWith(
      tag,
      [{ code: `${tag}-C`, calendar: parseCalendar('周一至周五 08:00-12:00 13:00-17:00'), stations: 1 }],
      [{ seq: 10, center: `${tag}-C`, setup: 0, standard: 10 }],
    );
    const planner = await server.as('pl-zhou');
    const no = freshNo(tag);
    await planner.workOrders.create({ no, item: tag, qty: 10, due: '2026-12-31' });
    await planner.workOrders.release(no);
    const operator = await server.as('op-wang');
    await expect(
      operator.reports.create(no, 10, report(1, { startedAt: '2026-11-25T09:30:00+08:00' }), {
        idempotencyKey: randomUUID(),
      }),
    ).rejects.toMatchObject({ status: 400, errors: [{ path: 'startedAt' }] });
    const stored = await operator.reports.create(
      no,
      10,
      report(1, { startedAt: '2026-11-25T08:30:00+08:00' }),
      {
        idempotencyKey: randomUUID(),
      },
    );
    expect(stored.startedAt).toBe('2026-11-25T08:30:00.000+08:00');
    // A later start scan does not move the first.
    server.clock.set('2026-11-25T08:59:00+08:00');
    await operator.reports.create(no, 10, report(1, { startedAt: '2026-11-25T08:50:00+08:00' }), {
      idempotencyKey: randomUUID(),
    });
    expect((await planner.workOrders.get(no)).operations[0]!.actualStart).toBe(
      '2026-11-25T08:30:00.000+08:00',
    );
    // Two done, one in hand: (10 × 3) × 1.5 = 45 minutes from 08:30.
    const overdue = server.services.workers.overdue;
    const open = () =>
      server.database.db
        .selectFrom('alerts')
        .select(['params'])
        .where('kind', '=', 'overdue-operation')
        .where('subject', '=', `${no}:10`)
        .where('status', '=', 'open')
        .execute();
    server.clock.set('2026-11-25T09:15:00+08:00');
    await overdue.tick();
    expect(await open()).toEqual([]);
    server.clock.set('2026-11-25T09:16:00+08:00');
    await overdue.tick();
    expect((await open())[0]?.params).toMatchObject({
      reason: 'slow',
      elapsedMinutes: 46,
      allowedMinutes: 45,
    });
  });
});

describe.each(backends())('the demo factory and planning on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    const clock = new TestClock();
    server = await startTestServer({
      backend,
      seed: (db, config) => seedDemoFactory(db, config, clock).then(() => {}),
    });
  });
  afterAll(() => server?.close());

  it('seeds plans in sequence that the load answers, and plans a new work order of a demo item', async () => {
    const ops = await server.database.db
      .selectFrom('work_order_operations as o')
      .innerJoin('work_orders as w', (j) =>
        j.onRef('w.org_id', '=', 'o.org_id').onRef('w.no', '=', 'o.work_order_no'),
      )
      .select(['o.work_order_no', 'o.seq', 'o.planned_start', 'o.planned_end'])
      .where('w.status', 'in', ['released', 'in-progress'])
      .orderBy('o.work_order_no')
      .orderBy('o.seq')
      .execute();
    expect(ops.length).toBeGreaterThan(0);
    let previous: (typeof ops)[number] | undefined;
    for (const op of ops) {
      expect(op.planned_start, `${op.work_order_no}:${op.seq}`).not.toBeNull();
      expect(op.planned_end!.getTime()).toBeGreaterThanOrEqual(op.planned_start!.getTime());
      if (previous?.work_order_no === op.work_order_no) {
        expect(op.planned_start!.getTime()).toBeGreaterThanOrEqual(previous.planned_start!.getTime());
      }
      previous = op;
    }
    const load = await fetch(`${server.url}/api/v1/work-centers/load?from=2026-11-20&to=2026-12-10`, {
      headers: { Authorization: `Bearer ${await server.token('demo-planner')}` },
    });
    expect(load.status).toBe(200);
    const body = (await load.json()) as { days: Day[]; operations: unknown[] };
    expect(body.operations.length).toBeGreaterThan(0);
    expect(body.days.some((d) => d.plannedMinutes > 0)).toBe(true);

    const routed = await server.database.db
      .selectFrom('routings')
      .select('item')
      .where('work_center', 'is not', null)
      .orderBy('item')
      .executeTakeFirstOrThrow();
    const planner = await server.as('demo-planner');
    const wo = await planner.workOrders.create({ item: routed.item, qty: 5, due: '2026-12-18' });
    const released = await planner.workOrders.release(wo.no);
    for (const [i, op] of released.operations.entries()) {
      expect(op.plannedStart).toBeTruthy();
      if (i > 0) expect(op.plannedStart! >= released.operations[i - 1]!.plannedEnd!).toBe(true);
    }
  });
});
