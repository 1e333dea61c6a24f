import { randomUUID } from 'node:crypto';
import { createClient, type ShopfloorClient, type WorkOrder } from '@shopfloor/sdk';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHome } from '../src/modules/production/work-order-home.js';
import {
  covers,
  homeAnswers,
  parseSnapshot,
  type Snapshot,
  sameData,
} from '../src/modules/production/work-order-home-cache.js';
import { dateShanghai } from '../src/shared/time.js';
import { freshNo, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The transactions a snapshot sees finished (committed or aborted): below xmax, not running. */
function finished(s: Snapshot): Set<bigint> {
  const out = new Set<bigint>();
  for (let x = 1n; x < s.xmax; x++) if (!s.xip.includes(x)) out.add(x);
  return out;
}

describe('sameData: two snapshots see the same data', () => {
  const snapshot = fc.integer({ min: 1, max: 24 }).chain((xmax) =>
    fc
      .subarray(
        Array.from({ length: xmax - 1 }, (_, i) => i + 1),
        { minLength: 0 },
      )
      .map((xip) => `${xip[0] ?? xmax}:${xmax}:${xip.join(',')}`),
  );

  it('exactly when they see the same transactions finished', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (a, b) => {
        const [sa, sb] = [parseSnapshot(a), parseSnapshot(b)];
        const [fa, fb] = [finished(sa), finished(sb)];
        const same = fa.size === fb.size && [...fa].every((x) => fb.has(x));
        expect(sameData(sa, sb)).toBe(same);
        expect(sameData(sb, sa)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it('covers: an answer read under one holds for a request under another when it saw all the request sees finished', () => {
    fc.assert(
      fc.property(snapshot, snapshot, (read, request) => {
        const [sa, sb] = [parseSnapshot(read), parseSnapshot(request)];
        const [fa, fb] = [finished(sa), finished(sb)];
        expect(covers(sa, sb)).toBe([...fb].every((x) => fa.has(x)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads pg_current_snapshot() text, xip in any order', () => {
    expect(parseSnapshot('10:14:12,10')).toEqual({ xmax: 14n, xip: [10n, 12n] });
    expect(parseSnapshot('752:752:')).toEqual({ xmax: 752n, xip: [] });
    // A transaction started after and still running: the same data.
    expect(sameData(parseSnapshot('10:12:10'), parseSnapshot('10:13:10,12'))).toBe(true);
    // It finished: not.
    expect(sameData(parseSnapshot('10:12:10'), parseSnapshot('10:13:10'))).toBe(false);
    expect(sameData(parseSnapshot('10:12:10'), parseSnapshot('12:12:'))).toBe(false);
  });
});

describe.each(backends())('home answers shared while the data is the same (view=home) on %s', (backend) => {
  let server: TestServer;
  let planner: ShopfloorClient;
  let li: ShopfloorClient;
  /** A table (1 TOP + 8 SCREW, one operation in WS-ASM, op-li's workshop), released: planned from now. */
  let table: string;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
    planner = await server.as('pl-zhou');
    li = await server.as('op-li');
    table = (await releasedWorkOrder(planner, { item: 'TABLE', qty: 2, due: '2026-11-26' })).no;
  });
  afterAll(() => server?.close());

  const counts = () => ({ ...homeAnswers(server.deps).counts });
  const home = async (client: ShopfloorClient = li) =>
    (await client.workOrders.listPage({ workshop: 'WS-ASM', limit: 50, view: 'home' })).items;
  const tableIn = (items: WorkOrder[]) => items.find((o) => o.no === table);
  /** The home as the full list has it for what it holds: the answer is checked against a fresh read. */
  const fresh = async (client: ShopfloorClient = li) => {
    const statuses = ['in-progress', 'released', 'on-hold'] as const;
    const pages = await Promise.all(
      statuses.map((status) => client.workOrders.listPage({ status, workshop: 'WS-ASM', limit: 50 })),
    );
    return pages.flatMap((p) => p.items).find((o) => o.no === table);
  };
  /**
   * Asks `ask` until an answer is shared (a kept one sent, no read), at most 100 times: on PostgreSQL
   * other tests write to the same cluster at the same time (CI runs the files in parallel), and any
   * write there (transaction ids are the cluster's) makes the next home read again. PGlite shares
   * the first time.
   */
  const shared = async <T>(ask: () => Promise<T>): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const before = counts();
      const answer = await ask();
      if (counts().shared > before.shared) return answer;
    }
    throw new Error('never shared');
  };
  /** Asks the home, then again until shared: the same answer each time (nothing of ours written). */
  const homeTwice = async () => {
    const first = await home();
    expect(await shared(() => home())).toEqual(first);
    return first;
  };

  it('sends the kept answer when nothing was written, to every caller asking the same, with an ETag', async () => {
    await home();
    const again = await shared(() => home());
    expect(tableIn(again)?.operations[0]?.seq).toBe(10);
    if (backend === 'pglite') expect(counts().read).toBe(1);
    // The planner (all workshops) asks something else: his own read.
    const before = counts();
    await home(planner);
    expect(counts().read).toBe(before.read + 1);
    const url = `${server.url}/api/v1/work-orders?workshop=WS-ASM&limit=50&view=home`;
    const headers = { Authorization: `Bearer ${await server.token('op-li')}` };
    const res = await fetch(url, { headers });
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"/);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect((await fetch(url, { headers: { ...headers, 'If-None-Match': etag! } })).status).toBe(304);
  });

  it('shows each kind of write at once: a report, an issue, a BOM revision, a hold, a write outside the app', async () => {
    // 齐套: nothing issued yet.
    expect(tableIn(await homeTwice())?.operations[0]?.material).toBe('waiting');

    // A report by the operator, then home: his report is there.
    await li.reports.create(table, 10, report(1), { idempotencyKey: randomUUID() });
    let shown = tableIn(await homeTwice());
    expect(shown?.operations[0]).toMatchObject({ goodQty: 1, status: 'in-progress' });
    expect(shown).toEqual(await fresh());

    // An issue of its material, approved: ready.
    const request = await li.issueRequests.create({
      kind: 'issue',
      warehouse: 'WH-RM',
      workOrderNo: table,
      lines: [
        { item: 'TOP', qty: 2, location: 'RM-01' },
        { item: 'SCREW', qty: 16, location: 'RM-01' },
      ],
    });
    expect(tableIn(await home())?.operations[0]?.material).toBe('waiting');
    await (await server.as('ap-zhao')).issueRequests.approve(request.id, {});
    shown = tableIn(await homeTwice());
    expect(shown?.operations[0]?.material).toBe('ready');
    expect(shown).toEqual(await fresh());

    // A BOM revision: 9 screws a table, 18 for the order, 16 issued.
    await planner.boms.put('TABLE', {
      lines: [
        { child: 'TOP', qty: 1 },
        { child: 'SCREW', qty: 9 },
      ],
    });
    shown = tableIn(await homeTwice());
    expect(shown?.operations[0]).toMatchObject({
      material: 'waiting',
      missing: [{ item: 'SCREW', short: 2 }],
    });
    expect(shown).toEqual(await fresh());

    // A hold.
    const held = await fetch(`${server.url}/api/v1/work-orders/${table}/hold`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await server.token('pl-zhou')}`,
        'content-type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ reason: '等料' }),
    });
    expect(held.status).toBe(200);
    shown = tableIn(await homeTwice());
    expect(shown?.status).toBe('on-hold');
    expect(shown).toEqual(await fresh());

    // A write no route of this process made (another replica, a script): seen too.
    await server.database.db
      .updateTable('items')
      .set({ name: `餐桌 ${freshNo('N')}` })
      .where('code', '=', 'TABLE')
      .execute();
    const renamed = tableIn(await homeTwice());
    expect(renamed?.itemName).not.toBe(shown?.itemName);
    expect(renamed).toEqual(await fresh());
  });

  it('a rolled-back write changes nothing: the kept answer still goes', async () => {
    const first = await home();
    const rollback = new Error('rollback');
    await expect(
      server.database.db.transaction().execute(async (tx) => {
        await tx.updateTable('items').set({ name: '回滚' }).where('code', '=', 'TABLE').execute();
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    const before = counts();
    const again = await home();
    // PGlite: nobody else writes, so exactly one share; PostgreSQL: other tests' commits may come between.
    if (backend === 'pglite') expect(counts()).toEqual({ read: before.read, shared: before.shared + 1 });
    expect(again).toEqual(first);
    expect(tableIn(again)?.itemName).not.toBe('回滚');
  });

  it('homes asked at once after a write share one read', async () => {
    await server.database.db
      .updateTable('items')
      .set({ name: `餐桌 ${freshNo('M')}` })
      .where('code', '=', 'TABLE')
      .execute();
    const before = counts();
    const answers = await Promise.all(Array.from({ length: 5 }, () => home()));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(tableIn(answers[0]!)).toEqual(await fresh());
    if (backend === 'pglite') expect(counts()).toEqual({ read: before.read + 1, shared: before.shared + 4 });
  });

  it('after any sequence of writes, rolled-back writes and clock moves, a home is what a read of its own answers', async () => {
    const db = server.database.db;
    const chairs: string[] = [];
    for (let i = 0; i < 4; i++)
      chairs.push((await releasedWorkOrder(planner, { item: 'CHAIR', qty: 2, due: '2026-11-26' })).no);
    const start = server.clock.now().getTime();
    const url = `${server.url}/api/v1/work-orders?workshop=WS-ASM&limit=50&view=home`;
    const step = fc.oneof(
      fc.constant({ kind: 'nothing' as const }),
      fc.record({
        kind: fc.constantFrom('op' as const, 'rolled-back' as const),
        order: fc.integer({ min: 0, max: 3 }),
        seq: fc.constantFrom(10, 20, 30),
        status: fc.constantFrom('pending', 'ready', 'in-progress', 'done'),
        good: fc.constantFrom('0', '1', '2'),
        // Around the horizon (7 days on), half-hours apart; or unplanned.
        start: fc.option(fc.integer({ min: -4, max: 4 }), { nil: null }),
      }),
      fc.record({
        kind: fc.constant('order' as const),
        order: fc.integer({ min: 0, max: 3 }),
        status: fc.constantFrom('released', 'in-progress', 'on-hold', 'cancelled'),
      }),
      fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: -90, max: 90 }) }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
          server.clock.set(new Date(start));
          for (const s of steps) {
            if (s.kind === 'clock') server.clock.advance(s.minutes * 60_000);
            if (s.kind === 'order')
              await db
                .updateTable('work_orders')
                .set({ status: s.status, resume_status: s.status === 'on-hold' ? 'released' : null })
                .where('no', '=', chairs[s.order]!)
                .execute();
            if (s.kind === 'op' || s.kind === 'rolled-back') {
              const write = db
                .updateTable('work_order_operations')
                .set({
                  status: s.status,
                  good_qty: s.good,
                  planned_start: s.start === null ? null : new Date(start + 7 * DAY + (s.start * HOUR) / 2),
                })
                .where('work_order_no', '=', chairs[s.order]!)
                .where('seq', '=', s.seq);
              if (s.kind === 'op') await write.execute();
              else
                await db
                  .transaction()
                  .execute(async (tx) => {
                    await tx.executeQuery(write.compile());
                    throw new Error('rolled back');
                  })
                  .catch(() => undefined);
            }
            const res = await fetch(url, {
              headers: { Authorization: `Bearer ${await server.token('op-li')}` },
            });
            const now = server.clock.now();
            const own = await readHome(
              db,
              server.deps,
              server.deps.config.orgId,
              { workshop: 'WS-ASM', limit: 50, view: 'home' },
              ['WS-ASM'],
              dateShanghai(now),
              now.getTime() + 7 * DAY,
            );
            expect(await res.json()).toEqual(JSON.parse(JSON.stringify(own.page)));
          }
        }),
        { numRuns: 25 },
      );
      // Something was shared along the way, not only read (PostgreSQL: other tests' commits may
      // make every home read).
      if (backend === 'pglite') expect(counts().shared).toBeGreaterThan(0);
    } finally {
      server.clock.set(new Date(start));
    }
  });

  it('lists a start planned exactly at the horizon and shares it there (the clock standing still)', async () => {
    const chair = (await releasedWorkOrder(planner, { item: 'CHAIR', qty: 1, due: '2026-11-26' })).no;
    const start = server.clock.now().getTime();
    await server.database.db
      .updateTable('work_order_operations')
      .set({ planned_start: new Date(start + 7 * DAY) })
      .where('work_order_no', '=', chair)
      .where('seq', '=', 30)
      .execute();
    const listed = (items: WorkOrder[]) => items.some((o) => o.no === chair);
    // Read, then shared at the very horizon its latest listed start equals.
    expect(listed(await homeTwice())).toBe(true);
    // Half a millisecond past it: shown as the horizon's millisecond, so listed and shared too.
    await sql`update work_order_operations set planned_start = ${new Date(start + 7 * DAY)}::timestamptz + interval '500 microseconds'
              where work_order_no = ${chair} and seq = 30`.execute(server.database.db);
    expect(listed(await homeTwice())).toBe(true);
    // A millisecond later than the horizon it is not listed yet: the next read says so too.
    await server.database.db
      .updateTable('work_order_operations')
      .set({ planned_start: new Date(start + 7 * DAY + 1) })
      .where('work_order_no', '=', chair)
      .where('seq', '=', 30)
      .execute();
    expect(listed(await homeTwice())).toBe(false);
  });

  it('holds only while no planned start crosses the 7-day horizon, and not past the day', async () => {
    const chair = (await releasedWorkOrder(planner, { item: 'CHAIR', qty: 1, due: '2026-11-26' })).no;
    const start = server.clock.now().getTime();
    try {
      // Its 总装 (WS-ASM) planned an hour past the horizon: not listed yet.
      await server.database.db
        .updateTable('work_order_operations')
        .set({ planned_start: new Date(start + 7 * DAY + HOUR) })
        .where('work_order_no', '=', chair)
        .where('seq', '=', 30)
        .execute();
      const listed = (items: WorkOrder[]) => items.some((o) => o.no === chair);
      expect(listed(await homeTwice())).toBe(false);
      // Half an hour on: still not, still shared.
      server.clock.advance(HOUR / 2);
      expect(listed(await shared(() => home()))).toBe(false);
      // An hour and a minute on: past it, read again and listed.
      server.clock.advance(HOUR / 2 + 60_000);
      const before = counts();
      expect(listed(await home())).toBe(true);
      expect(counts().read).toBe(before.read + 1);
      // The clock set back: not listed again (an answer is kept for the horizons it holds for).
      server.clock.set(new Date(start));
      expect(listed(await home())).toBe(false);
      // The next day (Shanghai) reads again, nothing written (a token signed then: the day's).
      server.clock.set(new Date(start + DAY));
      const { token } = await server.anonymous.auth.devLogin({ userId: 'op-li' });
      const day = counts();
      await home(createClient({ baseUrl: server.url, token }));
      expect(counts().read).toBe(day.read + 1);
    } finally {
      server.clock.set(new Date(start));
    }
  });
});
