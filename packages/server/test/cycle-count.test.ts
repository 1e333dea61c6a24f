import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * 循环盘点 through the HTTP API: blind tasks, tolerance by class, four-eyes approval, idempotent
 * counts, and where a difference came from. 孙仓管 (sk-sun) keeps WH-RM and WH-FG, 赵主管 (ap-zhao)
 * approves for WH-RM, 钱主管 (ap-qian) only for WH-FG.
 */
describe.each(backends())('cycle counts on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  async function api(userId: string, method: string, path: string, body?: unknown, key?: string) {
    const headers: Record<string, string> = { Authorization: `Bearer ${await server.token(userId)}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (key) headers['Idempotency-Key'] = key;
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json(), headers: res.headers };
  }

  async function item(code: string, abc: 'A' | 'B' | 'C', stock: number, location = 'RM-A01') {
    await addItem(server.database.db, code);
    await sql`update items set abc_class = ${abc} where org_id = ${ORG} and code = ${code}`.execute(
      server.database.db,
    );
    if (stock > 0) await receive(server, [{ item: code, qty: stock, location }]);
  }

  async function balance(code: string, location = 'RM-A01'): Promise<number> {
    const r = await server.database.db
      .selectFrom('stock_balances')
      .select('qty')
      .where('org_id', '=', ORG)
      .where('item', '=', code)
      .where('location', '=', location)
      .where('lot', '=', '')
      .executeTakeFirst();
    return Number(r?.qty ?? 0);
  }

  async function adHoc(code: string, location = 'RM-A01') {
    const res = await api('sk-sun', 'POST', '/cycle-counts', { item: code, location });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  }

  const count = (id: string, qty: number, key = randomUUID(), userId = 'sk-sun') =>
    api(userId, 'POST', `/cycle-counts/${id}/count`, { qty }, key);

  async function adjustments(id: string) {
    return server.database.db
      .selectFrom('stock_movements')
      .select(['kind', 'qty', 'item', 'location'])
      .where('org_id', '=', ORG)
      .where('source_type', '=', 'cycle-count')
      .where('source_id', '=', id)
      .execute();
  }

  const ledgerAgrees = async () => expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);

  it('hides the book from the counter and posts a variance within tolerance at once as an adjustment naming the count', async () => {
    await item('CC-B1', 'B', 100);
    const id = await adHoc('CC-B1');
    const open = await api('sk-sun', 'GET', `/cycle-counts/${id}`);
    expect(open.json).toMatchObject({ status: 'open', blind: true, abcClass: 'B', tolerancePct: 2 });
    expect(open.json).not.toHaveProperty('bookQty');

    const counted = await count(id, 99); // 1 % off, B allows 2 %
    expect(counted.status).toBe(200);
    expect(counted.json).toMatchObject({
      status: 'done',
      countedQty: 99,
      countedBy: 'sk-sun',
      countedByName: '孙仓管',
    });
    expect(counted.json).not.toHaveProperty('bookQty');
    expect(counted.json).not.toHaveProperty('variance');
    expect(await balance('CC-B1')).toBe(99);
    expect(await adjustments(id)).toEqual([
      { kind: 'adjustment', qty: expect.anything(), item: 'CC-B1', location: 'RM-A01' },
    ]);
    expect(Number((await adjustments(id))[0]!.qty)).toBe(-1);

    // The approver of the warehouse sees the book and the variance.
    const seen = await api('ap-zhao', 'GET', `/cycle-counts/${id}`);
    expect(seen.json).toMatchObject({ bookQty: 100, variance: -1, withinTolerance: true });
    await ledgerAgrees();
  });

  it('shows the balance now on open counts that are not blind, each its own, and no book on blind ones', async () => {
    await item('CC-OPEN-1', 'B', 7);
    await item('CC-OPEN-2', 'B', 12);
    const seen: string[] = [];
    for (const code of ['CC-OPEN-1', 'CC-OPEN-2']) {
      const res = await api('sk-sun', 'POST', '/cycle-counts', {
        item: code,
        location: 'RM-A01',
        blind: false,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      seen.push(res.json.id as string);
    }
    await item('CC-OPEN-3', 'B', 5);
    const blind = await adHoc('CC-OPEN-3');
    const listed = await api('sk-sun', 'GET', '/cycle-counts?status=open&item=CC-OPEN-2');
    expect(listed.json.items.map((c: { bookQty?: number }) => c.bookQty)).toEqual([12]);
    expect((await api('sk-sun', 'GET', `/cycle-counts/${seen[0]}`)).json.bookQty).toBe(7);
    expect((await api('sk-sun', 'GET', `/cycle-counts/${blind}`)).json).not.toHaveProperty('bookQty');
  });

  it('holds a variance beyond tolerance for an approver of the warehouse who did not count it', async () => {
    await item('CC-A1', 'A', 200);
    const id = await adHoc('CC-A1');
    const counted = await count(id, 198); // 1 %: beyond A's 0.5 %
    expect(counted.json.status).toBe('pending-approval');
    expect(await balance('CC-A1')).toBe(200);
    expect(await adjustments(id)).toEqual([]);

    const own = await api('sk-sun', 'POST', `/cycle-counts/${id}/approve`, {});
    expect(own.status).toBe(409);
    expect(own.json).toMatchObject({ type: '/problems/own-count', params: { verb: 'approve' } });
    const elsewhere = await api('ap-qian', 'POST', `/cycle-counts/${id}/approve`, {});
    expect([403, 404]).toContain(elsewhere.status);
    expect(await balance('CC-A1')).toBe(200);

    const approved = await api('ap-zhao', 'POST', `/cycle-counts/${id}/approve`, { comment: '已复核' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'done', decidedBy: 'ap-zhao', bookQty: 200, variance: -2 });
    expect(await balance('CC-A1')).toBe(198);
    const again = await api('ap-zhao', 'POST', `/cycle-counts/${id}/approve`, {});
    expect(again.json).toMatchObject({ type: '/problems/count-not-pending', params: { status: 'done' } });
    expect(await balance('CC-A1')).toBe(198);
    const audit = await server.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'cycle-count.create',
      'cycle-count.count',
      'cycle-count.approve',
    ]);
    await ledgerAgrees();
  });

  it('within 0.5 % of an A item posts at once: the edge of the tolerance is within', async () => {
    await item('CC-A2', 'A', 200);
    const id = await adHoc('CC-A2');
    expect((await count(id, 199)).json.status).toBe('done'); // exactly 0.5 %
    expect(await balance('CC-A2')).toBe(199);
  });

  it('rejects a count without posting, and a recount reopens it for a fresh count', async () => {
    await item('CC-C1', 'C', 50);
    const id = await adHoc('CC-C1');
    expect((await count(id, 40)).json.status).toBe('pending-approval'); // 20 %: beyond C's 5 %
    const recount = await api('ap-zhao', 'POST', `/cycle-counts/${id}/recount`, { comment: '请复盘' });
    expect(recount.json).toMatchObject({ status: 'open', countedQty: null, countedBy: null });
    expect((await count(id, 30)).json.status).toBe('pending-approval');
    const rejected = await api('ap-zhao', 'POST', `/cycle-counts/${id}/reject`, { comment: '数据不可信' });
    expect(rejected.json).toMatchObject({ status: 'rejected', comment: '数据不可信' });
    expect(await balance('CC-C1')).toBe(50);
    expect(await adjustments(id)).toEqual([]);
    const late = await count(id, 50);
    expect(late.status).toBe(409);
    expect(late.json.type).toBe('/problems/count-not-open');
  });

  it('asks for approval of any variance on a book of 0, and a count of 0 takes the balance to 0 so a later issue is refused', async () => {
    await item('CC-Z1', 'C', 0);
    const found = await adHoc('CC-Z1');
    expect((await count(found, 5)).json.status).toBe('pending-approval');
    await api('ap-zhao', 'POST', `/cycle-counts/${found}/approve`, {});
    expect(await balance('CC-Z1')).toBe(5);

    const gone = await adHoc('CC-Z1');
    const zero = await count(gone, 0); // 100 % off: approval
    expect(zero.json.status).toBe('pending-approval');
    expect((await api('ap-zhao', 'POST', `/cycle-counts/${gone}/approve`, {})).status).toBe(200);
    expect(await balance('CC-Z1')).toBe(0);
    const li = await server.as('op-li');
    const request = await li.issueRequests.create({
      warehouse: 'WH-RM',
      lines: [{ item: 'CC-Z1', qty: 1, location: 'RM-A01' }],
    });
    const issue = await api('ap-zhao', 'POST', `/issue-requests/${request.id}/approve`, {});
    expect(issue.status).toBe(409);
    expect(issue.json.type).toBe('/problems/insufficient-stock');
    await ledgerAgrees();
  });

  it('counts once for the same Idempotency-Key sent twice', async () => {
    await item('CC-I1', 'C', 80);
    const id = await adHoc('CC-I1');
    const key = randomUUID();
    const first = await count(id, 79, key);
    const second = await count(id, 79, key);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('Idempotency-Replayed')).toBe('true');
    expect(second.json).toEqual(first.json);
    expect(await adjustments(id)).toHaveLength(1);
    expect(await balance('CC-I1')).toBe(79);
    const other = await count(id, 78, key);
    expect(other.status).toBe(422);
  });

  it('keeps one live count per balance and checks the scanned lot against the task', async () => {
    await item('CC-L1', 'B', 10);
    const id = await adHoc('CC-L1');
    const twice = await api('sk-sun', 'POST', '/cycle-counts', { item: 'CC-L1', location: 'RM-A01' });
    expect(twice.status).toBe(409);
    expect(twice.json).toMatchObject({
      type: '/problems/count-already-open',
      params: { count: id, item: 'CC-L1', location: 'RM-A01' },
    });
    const wrongLot = await api('sk-sun', 'POST', `/cycle-counts/${id}/count`, { qty: 10, lot: 'L-OTHER' });
    expect(wrongLot.status).toBe(409);
    expect(wrongLot.json).toMatchObject({ type: '/problems/count-lot-mismatch', params: { lot: 'L-OTHER' } });
    const fg = await api('sk-fg', 'POST', '/cycle-counts', { item: 'CC-L1', location: 'RM-A02' });
    expect(fg.status).toBe(403);
    expect(fg.json.type).toBe('/problems/warehouse-out-of-scope');
  });

  it('lists open tasks of a warehouse for its storekeepers only', async () => {
    await item('CC-S1', 'C', 7);
    const id = await adHoc('CC-S1');
    const mine = await api('sk-sun', 'GET', '/cycle-counts?status=open&warehouse=WH-RM&limit=500');
    expect(mine.json.items.map((c: { id: string }) => c.id)).toContain(id);
    for (const c of mine.json.items) expect(c).toMatchObject({ status: 'open', warehouse: 'WH-RM' });
    const fg = await api('sk-fg', 'GET', '/cycle-counts?status=open&limit=500');
    expect(fg.json.items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await api('sk-fg', 'GET', `/cycle-counts/${id}`)).status).toBe(404);
  });

  it('explains a variance: movements since the previous count with their documents, and a return never booked', async () => {
    await item('CC-E1', 'C', 20);
    const first = await adHoc('CC-E1');
    await count(first, 20);
    // After the first count: an issue, a receipt, and a return that nobody approved.
    server.clock.advance(60_000);
    const li = await server.as('op-li');
    const request = await li.issueRequests.create({
      warehouse: 'WH-RM',
      lines: [{ item: 'CC-E1', qty: 4, location: 'RM-A01' }],
    });
    await api('ap-zhao', 'POST', `/issue-requests/${request.id}/approve`, {});
    server.clock.advance(60_000);
    await receive(server, [{ item: 'CC-E1', qty: 10 }]);
    server.clock.advance(60_000);
    const back = await li.issueRequests.create({
      kind: 'return',
      warehouse: 'WH-RM',
      lines: [{ item: 'CC-E1', qty: 3, location: 'RM-A01' }],
    });
    server.clock.advance(60_000);
    const second = await adHoc('CC-E1');
    expect((await count(second, 29)).json.status).toBe('pending-approval'); // 26 on the books, 3 came back

    // Last counted per balance: the second task knows when the first count was accepted.
    const firstView = (await api('ap-zhao', 'GET', `/cycle-counts/${first}`)).json;
    expect(firstView.lastCountedAt).toBeNull();
    const secondView = (await api('sk-sun', 'GET', `/cycle-counts/${second}`)).json;
    expect(secondView.lastCountedAt).toBe(firstView.countedAt);
    const blind = await api('sk-sun', 'GET', `/cycle-counts/${second}/explanation`);
    expect(blind.status).toBe(403);
    expect(blind.json.type).toBe('/problems/count-blind');
    const res = await api('ap-zhao', 'GET', `/cycle-counts/${second}/explanation`);
    expect(res.status).toBe(200);
    const e = res.json;
    expect(e).toMatchObject({ bookQty: 26, countedQty: 29, variance: 3, previousCount: first });
    expect(e.movements.map((m: { kind: string; qty: number }) => [m.kind, m.qty])).toEqual([
      ['issue', -4],
      ['receipt', 10],
    ]);
    expect(e.movements[0].document).toEqual({ type: 'issue-request', id: request.id, no: request.no });
    expect(e.unposted).toEqual([
      {
        suspect: 'unbooked-return',
        document: { type: 'issue-request', id: back.id, no: back.no },
        at: expect.any(String),
        qty: 3,
      },
    ]);
    const open = await adHoc('CC-E1', 'RM-A02');
    expect((await api('ap-zhao', 'GET', `/cycle-counts/${open}/explanation`)).json.type).toBe(
      '/problems/count-not-counted',
    );
  });

  it('marks scrap reported on an operation and never written off, with the parts the scrapped units held', async () => {
    // A work order of 餐桌 (4 桌腿 each) made by the planner: its report backflushes LEG from RM-A01.
    await receive(server, [
      { item: 'LEG', qty: 40 },
      { item: 'BOARD', qty: 20 },
      { item: 'SCREW', qty: 200 },
    ]);
    const first = await adHoc('LEG');
    await count(first, 40);
    server.clock.advance(60_000);
    const planner = await server.as('pl-zhou');
    const wo = await planner.workOrders.create({
      item: 'TABLE',
      qty: 5,
      due: '2026-12-20',
      backflush: true,
      issueLocation: 'RM-A01',
    });
    await planner.workOrders.release(wo.no);
    const reported = await api(
      'op-li',
      'POST',
      `/work-orders/${wo.no}/operations/10/reports`,
      {
        goodQty: 2,
        scrapQty: 1,
        scrapReason: '桌面开裂',
        deviceTime: '2026-11-25T10:00:00+08:00',
      },
      randomUUID(),
    );
    expect(reported.status, JSON.stringify(reported.json)).toBe(201);
    expect(await balance('LEG')).toBe(32); // 2 tables × 4 legs backflushed
    server.clock.advance(60_000);
    const second = await adHoc('LEG');
    expect((await count(second, 28)).json.status).toBe('pending-approval'); // the scrapped table's 4 legs

    const e = (await api('ap-zhao', 'GET', `/cycle-counts/${second}/explanation`)).json;
    expect(e).toMatchObject({ bookQty: 32, countedQty: 28, variance: -4, previousCount: first });
    expect(e.movements).toEqual([
      expect.objectContaining({
        kind: 'issue',
        qty: -8,
        document: { type: 'operation-report', id: reported.json.id, no: wo.no },
      }),
    ]);
    expect(e.unposted).toEqual([
      {
        suspect: 'unwritten-scrap',
        document: { type: 'operation-report', id: reported.json.id, no: wo.no },
        at: expect.any(String),
        qty: 4,
      },
    ]);
  });

  it('marks an emergency issue that nobody approved yet', async () => {
    await item('CC-M1', 'C', 100);
    const first = await adHoc('CC-M1');
    await count(first, 100);
    server.clock.advance(60_000);
    const urgent = await api('sk-sun', 'POST', '/issue-requests', {
      warehouse: 'WH-RM',
      emergency: true,
      lines: [{ item: 'CC-M1', qty: 6, location: 'RM-A01' }],
    });
    expect(urgent.status).toBe(201);
    server.clock.advance(60_000);
    const second = await adHoc('CC-M1');
    await count(second, 80);
    const e = (await api('ap-zhao', 'GET', `/cycle-counts/${second}/explanation`)).json;
    expect(e.movements).toEqual([
      expect.objectContaining({
        kind: 'issue',
        qty: -6,
        document: { type: 'issue-request', id: urgent.json.id, no: urgent.json.no },
        suspects: ['unapproved-emergency'],
      }),
    ]);
  });

  it('marks the movements of a work order that took an item by request and by backflush too', async () => {
    await receive(server, [
      { item: 'LEG', qty: 40, location: 'RM-A02' },
      { item: 'BOARD', qty: 20, location: 'RM-A02' },
      { item: 'SCREW', qty: 200, location: 'RM-A02' },
    ]);
    const first = await adHoc('LEG', 'RM-A02');
    await count(first, 40);
    server.clock.advance(60_000);
    const planner = await server.as('pl-zhou');
    const wo = await planner.workOrders.create({
      item: 'TABLE',
      qty: 5,
      due: '2026-12-20',
      backflush: true,
      issueLocation: 'RM-A02',
    });
    await planner.workOrders.release(wo.no);
    const li = await server.as('op-li');
    const request = await li.issueRequests.create({
      warehouse: 'WH-RM',
      workOrderNo: wo.no,
      lines: [{ item: 'LEG', qty: 4, location: 'RM-A02' }],
    });
    await api('ap-zhao', 'POST', `/issue-requests/${request.id}/approve`, {});
    const reported = await api(
      'op-li',
      'POST',
      `/work-orders/${wo.no}/operations/10/reports`,
      { goodQty: 1, scrapQty: 0, deviceTime: '2026-11-25T10:00:00+08:00' },
      randomUUID(),
    );
    expect(reported.status).toBe(201);
    server.clock.advance(60_000);
    const second = await adHoc('LEG', 'RM-A02');
    await count(second, 36); // the legs went once onto the table; the books took them twice
    const e = (await api('ap-zhao', 'GET', `/cycle-counts/${second}/explanation`)).json;
    expect(e.variance).toBe(4);
    expect(
      e.movements.map((m: { document: { type: string }; suspects: string[] }) => [
        m.document.type,
        m.suspects,
      ]),
    ).toEqual([
      ['issue-request', ['backflush-and-issue']],
      ['operation-report', ['backflush-and-issue']],
    ]);
  });
});

describe('cycle-count settings', () => {
  it('refuses a bad cycle or tolerance with one line per entry, and keeps the defaults of classes left out', async () => {
    const { ConfigError, loadConfig } = await import('../src/config.js');
    expect(() =>
      loadConfig({ SHOPFLOOR_COUNT_CYCLE_WEEKS: 'A=0,B=x', SHOPFLOOR_COUNT_TOLERANCE_PCT: 'D=1' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ SHOPFLOOR_COUNT_CYCLE_WEEKS: 'A=0,B=x', SHOPFLOOR_COUNT_TOLERANCE_PCT: 'D=1' });
    } catch (error) {
      expect((error as InstanceType<typeof ConfigError>).problems).toEqual([
        "SHOPFLOOR_COUNT_CYCLE_WEEKS: 'A=0' is not <class>=<n> with n a whole number of weeks from 1 to 104",
        "SHOPFLOOR_COUNT_CYCLE_WEEKS: 'B=x' is not <class>=<n> with n a whole number of weeks from 1 to 104",
        "SHOPFLOOR_COUNT_TOLERANCE_PCT: 'D=1' is not <class>=<n> with n a per cent from 0 to 100",
      ]);
    }
    const config = loadConfig({
      SHOPFLOOR_COUNT_CYCLE_WEEKS: 'A=1',
      SHOPFLOOR_COUNT_TOLERANCE_PCT: 'C=10,B=0',
    });
    expect(config.counts).toEqual({
      cycleWeeks: { A: 1, B: 6, C: 12 },
      tolerancePct: { A: 0.5, B: 0, C: 10 },
    });
  });

  it('counts with the tolerance the server is configured with', async () => {
    const server = await startTestServer({ seed: seedStock, env: { SHOPFLOOR_COUNT_TOLERANCE_PCT: 'C=10' } });
    try {
      await addItem(server.database.db, 'CC-T1');
      await receive(server, [{ item: 'CC-T1', qty: 100 }]);
      const client = await server.as('sk-sun');
      const task = await client.request<{ id: string; tolerancePct: number }>({
        method: 'POST',
        path: '/cycle-counts',
        body: { item: 'CC-T1', location: 'RM-A01' },
      });
      expect(task.tolerancePct).toBe(10);
      const counted = await client.request<{ status: string }>({
        method: 'POST',
        path: `/cycle-counts/${task.id}/count`,
        body: { qty: 91 },
      });
      expect(counted.status).toBe('done'); // 9 % off: within C's 10 % here, beyond the default 5 %
    } finally {
      await server.close();
    }
  });
});
