import { parseCsv } from '@shopfloor/bom-io';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { type Answer, call, csv, type ReportRow } from './reconciliation-helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: (string | number)[][]): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工单');
  for (const row of rows) ws.addRow(row);
  return new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
}

const rowsOf = (answer: Answer) => answer.json.rows.items as ReportRow[];

describe.each(backends())('reconciliation reports on %s', (backend) => {
  let server: TestServer;
  const count = async () =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from reconciliations`.execute(server.database.db))
        .rows[0]!.n,
    );

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
    for (const code of ['RC-1', 'RC-2', 'RC-4']) await addItem(server.database.db, code);
    await receive(server, [
      { item: 'RC-1', qty: 10, location: 'RM-A01', lot: 'L1' },
      { item: 'RC-2', qty: 2, location: 'RM-A02' },
    ]);
    await receive(server, [{ item: 'RC-4', qty: 6, location: 'FG-01' }]);
    await sql`update workshops set supervisor = 'op-li' where org_id = ${ORG} and code = 'WS-ASM'`.execute(
      server.database.db,
    );
    const planner = await server.as('pl-zhou');
    for (const [no, qty] of [
      ['WO-R-1', 5],
      ['WO-R-2', 7],
    ] as const) {
      await planner.request({
        method: 'POST',
        path: '/work-orders',
        body: { no, item: 'TABLE', qty, due: '2026-12-20' },
      });
    }
  });
  afterAll(() => server?.close());

  it('reads a stock CSV with Chinese headers: matched, differing with both values and the difference, missing on either side, with owners', async () => {
    const body =
      '\uFEFF物料编码,库位,批次,数量,备注\r\nRC-1,RM-A01,L1,10,\r\nRC-2,RM-A02,,3.5,盘盈\r\nRC-3,RM-A01,,4,\r\n,,,,\r\n';
    const run = await call(server, 'sk-sun', 'POST', '/reconciliations?kind=stock', csv(body));
    expect(run.status, JSON.stringify(run.json)).toBe(201);
    expect(run.json).toMatchObject({
      kind: 'stock',
      source: 'upload',
      connectorId: null,
      createdBy: 'sk-sun',
      createdByName: '孙仓管',
      status: 'done',
    });
    // Ours besides RC-1 and RC-2: the balance of RC-4 at FG-01, which they lack.
    expect(run.json.totals).toEqual({
      theirs: 3,
      ours: 3,
      matched: 1,
      missingHere: 1,
      missingThere: 1,
      differing: 1,
    });

    const report = await call(server, 'sk-sun', 'GET', `/reconciliations/${run.json.id}`);
    expect(report.status).toBe(200);
    const rows = rowsOf(report);
    expect(rows.map((r) => r.status)).toEqual(['differing', 'missingHere', 'missingThere', 'matched']);
    expect(rows[0]).toEqual({
      status: 'differing',
      key: { item: 'RC-2', location: 'RM-A02', lot: '' },
      ours: { qty: 2 },
      theirs: { qty: 4 },
      difference: { qty: -2, fields: ['qty'] },
      owners: [
        { userId: 'sk-sun', name: '孙仓管', role: 'storekeeper' },
        { userId: 'sk-sun', name: '孙仓管', role: 'lastMover' },
      ],
    });
    // RC-2 is counted in whole pieces: 3.5 rounds half-up to 4.
    expect(rows[1]).toMatchObject({
      key: { item: 'RC-3', location: 'RM-A01', lot: '' },
      ours: null,
      theirs: { qty: 4 },
    });
    expect(rows[2]).toMatchObject({
      key: { item: 'RC-4', location: 'FG-01', lot: '' },
      ours: { qty: 6 },
      theirs: null,
    });
    expect(rows[2]!.owners.map((o) => o.userId).sort()).toEqual(['sk-fg', 'sk-sun', 'sk-sun']);
    expect(rows[3]).toMatchObject({ status: 'matched', key: { item: 'RC-1', lot: 'L1' }, owners: [] });

    const page1 = await call(server, 'sk-sun', 'GET', `/reconciliations/${run.json.id}?limit=2`);
    const page2 = await call(
      server,
      'sk-sun',
      'GET',
      `/reconciliations/${run.json.id}?limit=2&cursor=${page1.json.rows.nextCursor}`,
    );
    expect([...rowsOf(page1), ...rowsOf(page2)]).toEqual(rows);
    expect(page2.json.rows.nextCursor).toBeNull();
    const matched = await call(server, 'sk-sun', 'GET', `/reconciliations/${run.json.id}?status=matched`);
    expect(rowsOf(matched).map((r) => r.key.item)).toEqual(['RC-1']);
  });

  it('reads work orders from an .xlsx file field: status words, item, quantity, owners (creator and workshop supervisor)', async () => {
    const file = await workbook([
      ['工单号', '物料编码', '数量', '状态'],
      ['WO-STK-1', 'TABLE', 10, '已下达'],
      ['WO-STK-2', 'TABLE', 10, '完工'],
      ['WO-STK-3', 'TABLE', 10, '已下达'],
      ['WO-R-1', 'TABLE', 5, '草稿'],
      ['WO-R-2', 'TABLE', 8, '草稿'],
      ['WO-X-9', 'CHAIR', 3, ''],
    ]);
    const form = new FormData();
    form.set('file', new Blob([file], { type: XLSX }), 'ERP工单.xlsx');
    const run = await call(server, 'pl-zhou', 'POST', '/reconciliations?kind=workOrders', { data: form });
    expect(run.status, JSON.stringify(run.json)).toBe(201);
    expect(run.json.fileName).toBe('ERP工单.xlsx');
    expect(run.json.totals).toMatchObject({ matched: 3, differing: 2, missingHere: 1, missingThere: 1 });
    const rows = rowsOf(await call(server, 'pl-zhou', 'GET', `/reconciliations/${run.json.id}`));
    const byNo = new Map(rows.map((r) => [r.key.no, r]));
    expect(byNo.get('WO-STK-2')).toMatchObject({
      status: 'differing',
      ours: { item: 'TABLE', qty: 10, status: 'released' },
      theirs: { item: 'TABLE', qty: 10, status: 'done' },
      difference: { qty: 0, fields: ['status'] },
    });
    expect(byNo.get('WO-R-2')).toMatchObject({
      status: 'differing',
      difference: { qty: -1, fields: ['qty'] },
      owners: [
        { userId: 'pl-zhou', name: '周计划', role: 'creator' },
        { userId: 'op-li', name: '李师傅', role: 'supervisor' },
      ],
    });
    expect(byNo.get('WO-X-9')).toMatchObject({
      status: 'missingHere',
      ours: null,
      theirs: { item: 'CHAIR', qty: 3, status: null },
    });
    expect(byNo.get('WO-STK-DRAFT')).toMatchObject({ status: 'missingThere', theirs: null });
  });

  it("reads a file with the other system's field names through the connector's mapping (value maps for statuses)", async () => {
    const made = await call(server, 'admin', 'POST', '/sync/connectors', {
      json: {
        kind: 'webhook',
        name: 'K3 Cloud',
        config: { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-chars-or-more' },
      },
    });
    expect(made.status).toBe(201);
    const mapping = await call(server, 'admin', 'PUT', `/sync/connectors/${made.json.id}/mapping`, {
      json: {
        format: 'shopfloor-mapping/1',
        name: 'K3 工单',
        valueMaps: {
          moStatus: [
            { ours: 'draft', theirs: '1' },
            { ours: 'released', theirs: '3' },
            { ours: 'done', theirs: '5' },
          ],
        },
        entities: {
          workOrder: {
            fields: [
              { ours: 'no', theirs: 'FBillNo', required: true },
              { ours: 'item', theirs: 'FMaterialId.FNumber', required: true },
              { ours: 'qty', theirs: 'FQty', required: true, transform: [{ op: 'number' }] },
              { ours: 'status', theirs: 'FStatus', values: 'moStatus' },
            ],
          },
        },
      },
    });
    expect(mapping.status, JSON.stringify(mapping.json)).toBe(200);
    const path = `/reconciliations?kind=workOrders&connectorId=${made.json.id}`;
    const header = 'FBillNo,FMaterialId.FNumber,FQty,FStatus\n';
    const unknown = await call(
      server,
      'pl-zhou',
      'POST',
      path,
      csv(`${header}WO-STK-1,TABLE,10,3\nWO-STK-2,TABLE,10,9\n`),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe('rows.3.FStatus');

    const run = await call(
      server,
      'pl-zhou',
      'POST',
      path,
      csv(`${header}WO-STK-1,TABLE,10,3\nWO-STK-3,TABLE,10,5\n`),
    );
    expect(run.status, JSON.stringify(run.json)).toBe(201);
    expect(run.json).toMatchObject({ source: 'upload', connectorId: made.json.id });
    const rows = rowsOf(await call(server, 'pl-zhou', 'GET', `/reconciliations/${run.json.id}`));
    const byNo = new Map(rows.map((r) => [r.key.no, r]));
    expect(byNo.get('WO-STK-1')!.status).toBe('matched');
    expect(byNo.get('WO-STK-3')).toMatchObject({
      status: 'differing',
      theirs: { status: 'done' },
      difference: { fields: ['status'] },
    });
  });

  it('refuses bad files with the row and column, storing nothing', async () => {
    const before = await count();
    const missing = await call(
      server,
      'sk-sun',
      'POST',
      '/reconciliations?kind=stock',
      csv('物料编码,库位,批次\r\nRC-1,RM-A01,L1\r\n'),
    );
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([
      { path: 'columns.qty', message: 'missing column', params: { column: 'qty' } },
    ]);
    expect(missing.json.detail).toContain('no column for qty (headers: 物料编码, 库位, 批次)');

    const bad = await call(
      server,
      'sk-sun',
      'POST',
      '/reconciliations?kind=stock',
      csv('item,location,lot,qty\nRC-1,RM-A01,L1,10\nRC-2,,,1\nRC-3,RM-A01,,1,234\nRC-4,FG-01,,十\n'),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['rows.3.location', 'rows.5.qty']);
    expect(bad.json.errors[1]).toMatchObject({ params: { row: 5, column: 'qty' } });
    expect(bad.json.errors[1].message).toContain("line 5: qty '十' is not a number");

    const quotes = await call(
      server,
      'sk-sun',
      'POST',
      '/reconciliations?kind=stock',
      csv('item,location,qty\n"RC-1,RM-A01,1\n'),
    );
    expect(quotes.status).toBe(400);
    expect(quotes.json.errors[0].path).toBe('rows.2');

    const junk = await call(server, 'sk-sun', 'POST', '/reconciliations?kind=stock', {
      type: XLSX,
      data: new Uint8Array([80, 75, 3, 4, 1, 2, 3]),
    });
    expect(junk.status).toBe(400);
    expect(junk.json.errors[0].path).toBe('file');

    const twice = await workbook([
      ['工单号', '物料编码', '数量'],
      ['WO-1', 'TABLE', 1],
      ['WO-1', 'TABLE', 2],
    ]);
    const dup = await call(server, 'pl-zhou', 'POST', '/reconciliations?kind=workOrders', {
      type: XLSX,
      data: twice,
    });
    expect(dup.status).toBe(400);
    expect(dup.json.errors[0]).toMatchObject({
      path: 'rows.3.no',
      message: 'row 3: work order WO-1 is listed twice (also on row 2)',
    });

    const json = await call(server, 'sk-sun', 'POST', '/reconciliations?kind=stock', {
      json: [{ item: 'RC-1' }],
    });
    expect(json.status).toBe(415);
    const none = await call(server, 'sk-sun', 'POST', '/reconciliations?kind=stock');
    expect(none.status).toBe(400);
    expect(none.json.errors).toEqual([{ path: 'file', message: 'missing' }]);
    const noKind = await call(
      server,
      'sk-sun',
      'POST',
      '/reconciliations',
      csv('item,location,qty\nRC-1,RM-A01,1\n'),
    );
    expect(noKind.json.errors[0].path).toBe('query.kind');
    expect(await count()).toBe(before);
  });

  it('lets storekeepers run stock and planners work orders, each seeing their own kind', async () => {
    const planner = await call(
      server,
      'pl-zhou',
      'POST',
      '/reconciliations?kind=stock',
      csv('item,location,qty\nRC-1,RM-A01,1\n'),
    );
    expect(planner.status).toBe(403);
    const keeper = await call(
      server,
      'sk-sun',
      'POST',
      '/reconciliations?kind=workOrders',
      csv('no,item,qty\nWO-1,TABLE,1\n'),
    );
    expect(keeper.status).toBe(403);
    const seen = await call(server, 'pl-zhou', 'GET', '/reconciliations');
    expect(seen.json.items.length).toBeGreaterThan(0);
    expect(seen.json.items.every((r: { kind: string }) => r.kind === 'workOrders')).toBe(true);
    const all = await call(server, 'admin', 'GET', '/reconciliations?limit=1');
    expect(all.json.items).toHaveLength(1);
    const next = await call(server, 'admin', 'GET', `/reconciliations?limit=1&cursor=${all.json.nextCursor}`);
    expect(next.json.items[0].createdAt <= all.json.items[0].createdAt).toBe(true);
    expect(next.json.items[0].id).not.toBe(all.json.items[0].id);
    const stockRun = (await call(server, 'admin', 'GET', '/reconciliations?kind=stock')).json.items[0];
    expect((await call(server, 'pl-zhou', 'GET', `/reconciliations/${stockRun.id}`)).status).toBe(403);
  });

  it('exports the report as CSV and XLSX that read back to the same rows', async () => {
    const run = (await call(server, 'admin', 'GET', '/reconciliations?kind=stock')).json.items[0];
    const rows = rowsOf(await call(server, 'sk-sun', 'GET', `/reconciliations/${run.id}`));
    const file = await call(server, 'sk-sun', 'GET', `/reconciliations/${run.id}?format=csv`);
    expect(file.status).toBe(200);
    expect(file.type).toContain('text/csv');
    const text = file.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines] = parseCsv(text).map((r) => r.fields);
    expect(header).toEqual([
      '结果 status',
      '物料编码 item',
      '库位 location',
      '批次 lot',
      '本系统数量 ourQty',
      '对方数量 theirQty',
      '差异 difference',
      '责任人 owners',
    ]);
    expect(lines.map((l) => l.slice(0, 7))).toEqual(
      rows.map((r) => [
        r.status,
        r.key.item,
        r.key.location,
        r.key.lot,
        String(r.ours?.qty ?? ''),
        String(r.theirs?.qty ?? ''),
        String(r.difference?.qty ?? ''),
      ]),
    );
    expect(lines[0]![7]).toBe('孙仓管(storekeeper) 孙仓管(lastMover)');

    const xlsx = await call(
      server,
      'sk-sun',
      'GET',
      `/reconciliations/${run.id}?format=xlsx&status=differing`,
    );
    expect(xlsx.type).toBe(XLSX);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as never);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('库存对账');
    expect(ws.getRow(1).getCell(2).value).toBe('物料编码 item');
    expect(ws.rowCount).toBe(2);
    expect([2, 3, 5, 6, 7].map((c) => ws.getRow(2).getCell(c).value)).toEqual(['RC-2', 'RM-A02', 2, 4, -2]);
  });

  it('sums up a month per connector and kind with the owners of the documents involved', async () => {
    const summary = await call(server, 'admin', 'GET', '/reconciliations/summary?month=2026-11');
    expect(summary.status).toBe(200);
    const stock = summary.json.items.find((i: { kind: string }) => i.kind === 'stock');
    expect(stock).toMatchObject({
      connectorId: null,
      runs: 1,
      rowsCompared: 4,
      differences: 3,
      differing: 1,
    });
    expect(stock.documents[0]).toMatchObject({
      key: { item: 'RC-2', location: 'RM-A02', lot: '' },
      times: 1,
      lastStatus: 'differing',
    });
    expect(stock.owners).toContainEqual({ userId: 'sk-sun', name: '孙仓管', documents: 3 });
    const work = summary.json.items.find((i: { kind: string }) => i.kind === 'workOrders');
    expect(work.owners).toEqual(
      expect.arrayContaining([
        { userId: 'pl-zhou', name: '周计划', documents: 1 },
        { userId: 'op-li', name: '李师傅', documents: 3 },
      ]),
    );
    const other = await call(server, 'admin', 'GET', '/reconciliations/summary?month=2026-10');
    expect(other.json.items).toEqual([]);
    const keeper = await call(server, 'sk-sun', 'GET', '/reconciliations/summary?month=2026-11');
    expect(keeper.json.items.map((i: { kind: string }) => i.kind)).toEqual(['stock']);
  });

  // Last: its run would count in the monthly summary above.
  it('reads a multipart upload whose boundary mixes cases, as Chromium writes it', async () => {
    const boundary = '----WebKitFormBoundaryQ7xMzA9bKpLr2TdE';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="盘点.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n物料编码,库位,批次,数量\r\nCHAIR,WH1-A1,,1\r\n--${boundary}--\r\n`;
    const run = await call(server, 'sk-sun', 'POST', '/reconciliations?kind=stock', {
      type: `multipart/form-data; boundary=${boundary}`,
      data: new TextEncoder().encode(body),
    });
    expect(run.status, JSON.stringify(run.json)).toBe(201);
    expect(run.json.fileName).toBe('盘点.csv');
    expect(run.json.totals.theirs).toBe(1);
  });
});
