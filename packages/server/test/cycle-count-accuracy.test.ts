import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../src/modules/counts/accuracy.js';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * 盘点准确率: a handful of counts in two weeks, their figures computed by hand. 孙仓管 (sk-sun)
 * counts in WH-RM, 赵主管 (ap-zhao) approves there, 吴仓管 (sk-fg) only keeps WH-FG.
 */
describe.each(backends())('count accuracy on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
    await seedCounts();
  });
  afterAll(() => server?.close());

  async function call(userId: string, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { Authorization: `Bearer ${await server.token(userId)}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method === 'POST') headers['Idempotency-Key'] = randomUUID();
    return fetch(`${server.url}/api/v1${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const json = async (userId: string, method: string, path: string, body?: unknown) => {
    const res = await call(userId, method, path, body);
    return { status: res.status, json: await res.json() };
  };

  /** Counts `code` (class, stock, cost) to `qty`, lets ap-zhao decide if it waits, dates it `at`. */
  async function counted(
    code: string,
    abc: 'A' | 'B' | 'C',
    stock: number,
    cost: number | null,
    qty: number,
    at: string,
    decide?: 'approve' | 'reject',
  ) {
    await addItem(server.database.db, code);
    await sql`update items set abc_class = ${abc}, cost = ${cost} where org_id = ${ORG} and code = ${code}`.execute(
      server.database.db,
    );
    await receive(server, [{ item: code, qty: stock, location: 'RM-A01' }]);
    const open = await json('sk-sun', 'POST', '/cycle-counts', { item: code, location: 'RM-A01' });
    expect(open.status, JSON.stringify(open.json)).toBe(201);
    const id = open.json.id as string;
    const done = await json('sk-sun', 'POST', `/cycle-counts/${id}/count`, { qty });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    if (decide) {
      expect(done.json.status).toBe('pending-approval');
      expect((await json('ap-zhao', 'POST', `/cycle-counts/${id}/${decide}`, {})).status).toBe(200);
    }
    await sql`update cycle_counts set counted_at = ${new Date(at)} where id = ${id}`.execute(
      server.database.db,
    );
  }

  async function seedCounts() {
    // Week of Monday 2026-11-16 (2026-W47). Midnight Shanghai is still Sunday in UTC: it counts here.
    await counted('ACC-A1', 'A', 200, 10, 200, '2026-11-16T00:10:00+08:00'); // exact: within, no adjustment
    await counted('ACC-A2', 'A', 100, 2.5, 98, '2026-11-18T10:00:00+08:00', 'approve'); // 2 % > 0.5 %: 2 × 2.5
    await counted('ACC-B1', 'B', 50, null, 49, '2026-11-22T23:30:00+08:00'); // 2 % within B, no cost
    // Week of 2026-11-23 (2026-W48): rejected, so beyond tolerance and nothing posted.
    await counted('ACC-B2', 'B', 50, 4, 40, '2026-11-23T07:00:00+08:00', 'reject');
    // An open count is not finished: it is left out.
    expect(
      (await json('sk-sun', 'POST', '/cycle-counts', { item: 'ACC-A1', location: 'RM-A01' })).status,
    ).toBe(201);
  }

  const RANGE = 'from=2026-11-16&to=2026-11-29';
  const EXPECTED = [
    {
      week: '2026-W47',
      weekStart: '2026-11-16',
      abcClass: 'A',
      warehouse: 'WH-RM',
      counts: 2,
      withinTolerance: 1,
      accuracyPct: 50,
      adjustedQty: 2,
      adjustedValue: 5,
      uncostedCounts: 0,
    },
    {
      week: '2026-W47',
      weekStart: '2026-11-16',
      abcClass: 'B',
      warehouse: 'WH-RM',
      counts: 1,
      withinTolerance: 1,
      accuracyPct: 100,
      adjustedQty: 1,
      adjustedValue: 0,
      uncostedCounts: 1,
    },
    {
      week: '2026-W48',
      weekStart: '2026-11-23',
      abcClass: 'B',
      warehouse: 'WH-RM',
      counts: 1,
      withinTolerance: 0,
      accuracyPct: 0,
      adjustedQty: 0,
      adjustedValue: 0,
      uncostedCounts: 0,
    },
  ];

  it('gives counts, counts within tolerance, accuracy and adjustment value per week × class × warehouse as computed by hand', async () => {
    const res = await json('ap-zhao', 'GET', `/cycle-counts/accuracy?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ from: '2026-11-16', to: '2026-11-29', rows: EXPECTED });
    const oneWeek = await json('pl-zhou', 'GET', '/cycle-counts/accuracy?from=2026-11-23&to=2026-11-29');
    expect(oneWeek.status, JSON.stringify(oneWeek.json)).toBe(200);
    expect(oneWeek.json.rows).toEqual([EXPECTED[2]]);
  });

  it('shows only the warehouses the caller keeps, and filters by warehouse', async () => {
    expect((await json('sk-fg', 'GET', `/cycle-counts/accuracy?${RANGE}`)).json.rows).toEqual([]);
    expect(
      (await json('ap-zhao', 'GET', `/cycle-counts/accuracy?${RANGE}&warehouse=WH-FG`)).json.rows,
    ).toEqual([]);
    expect(
      (await json('ap-zhao', 'GET', `/cycle-counts/accuracy?${RANGE}&warehouse=WH-RM`)).json.rows,
    ).toEqual(EXPECTED);
  });

  it('downloads CSV with a UTF-8 BOM that parses back to the same rows', async () => {
    const res = await call('ap-zhao', 'GET', `/cycle-counts/accuracy?${RANGE}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('count-accuracy-2026-11-16-2026-11-29.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...lines] = new TextDecoder('utf-8', { ignoreBOM: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const keys = head!.split(',').map((h) => h.split(' ').at(-1)!);
    expect(head).toContain('准确率 % accuracyPct');
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(',').map((v, i) => [keys[i], /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])),
    );
    expect(rows).toEqual(EXPECTED);
  });

  it('downloads an XLSX workbook that reads back to the same rows', async () => {
    const res = await call('ap-zhao', 'GET', `/cycle-counts/accuracy?${RANGE}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('盘点准确率')!;
    const keys = (sheet.getRow(1).values as string[]).slice(1).map((h) => h.split(' ').at(-1)!);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1)
        rows.push(Object.fromEntries((row.values as unknown[]).slice(1).map((v, i) => [keys[i], v])));
    });
    expect(rows).toEqual(EXPECTED);
  });

  it('refuses an unknown format and an operator', async () => {
    expect((await json('ap-zhao', 'GET', '/cycle-counts/accuracy?format=pdf')).status).toBe(400);
    expect((await json('op-li', 'GET', '/cycle-counts/accuracy')).status).toBe(403);
  });
});

describe('ISO weeks', () => {
  it('names a week after the year of its Thursday', () => {
    expect(isoWeekOf('2026-11-16')).toBe('2026-W47');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2020-12-28')).toBe('2020-W53');
  });
});
