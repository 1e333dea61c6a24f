import { type BomDocument, compileBom } from '@shopfloor/bom-engine';
import type { ShopfloorClient, ValidationError } from '@shopfloor/sdk';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseCsv, prefixed, seedCatalog, TABLE_BOM } from './fixtures-catalog.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const DATE = '2026-07-01';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook with Chinese sheet names and headers, as a Chinese ERP export looks. */
async function chineseWorkbook(document: BomDocument): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const types = { make: '自制', buy: '外购', phantom: '虚拟件' } as const;
  const items = workbook.addWorksheet('物料');
  items.addRow(['料号', '物料名称', '单位', '类型', '规格']);
  for (const item of document.items) items.addRow([item.code, item.name, item.uom, types[item.type], '—']);
  const lines = workbook.addWorksheet('物料清单');
  lines.addRow(['父项', '子项', '用量', '单位', '损耗率', '生效日期']);
  for (const line of document.bomLines) {
    lines.addRow([
      line.parent,
      line.child,
      line.qty,
      line.uom ?? null,
      line.scrapRate === undefined ? null : `${line.scrapRate * 100}%`,
      line.effectiveFrom ? new Date(`${line.effectiveFrom}T00:00:00Z`) : null,
    ]);
  }
  const conversions = workbook.addWorksheet('单位换算');
  conversions.addRow(['源单位', '目标单位', '换算系数']);
  for (const c of document.uomConversions ?? []) conversions.addRow([c.from, c.to, c.factor]);
  // A copy on its own ArrayBuffer: what fetch and File accept as a body.
  return new Uint8Array(await workbook.xlsx.writeBuffer()).slice();
}

const refusalExpected = (): never => {
  throw new Error('expected the server to refuse');
};

const sortedRequirements = (requirements: { item: string }[]) =>
  [...requirements].sort((a, b) => a.item.localeCompare(b.item));

describe.each(backends())('BOM import on %s', (backend) => {
  let server: TestServer;
  let planner: ShopfloorClient;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedCatalog });
    planner = await server.as('pl-zhou');
    token = await server.token('pl-zhou');
  });
  afterAll(() => server?.close());

  async function post(body: BodyInit, contentType?: string) {
    const response = await fetch(`${server.url}/api/v1/boms/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(contentType ? { 'Content-Type': contentType } : {}) },
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  async function explosionOf(item: string, qty = 3) {
    return sortedRequirements((await planner.boms.explosion(item, { qty, date: DATE })).requirements);
  }

  function expectedExplosion(document: BomDocument, item: string, qty = 3) {
    return sortedRequirements(compileBom(document).explode({ item, qty, date: DATE }).requirements);
  }

  /** Everything the org's BOM holds, to prove a refused import changed nothing. */
  async function snapshot() {
    const db = server.database.db;
    const [items, lines, conversions] = await Promise.all([
      db.selectFrom('items').select(['code', 'name', 'uom', 'type']).orderBy('code').execute(),
      db.selectFrom('bom_lines').select(['parent', 'child', 'qty', 'seq']).orderBy('id').execute(),
      db.selectFrom('uom_conversions').select(['from_uom', 'to_uom', 'factor']).orderBy('id').execute(),
    ]);
    return { items, lines, conversions };
  }

  it('imports a JSON document and counts what it created, then what it updated', async () => {
    const document = prefixed(TABLE_BOM, 'JS');
    const first = await planner.boms.import(document);
    expect(first).toEqual({
      items: { created: document.items.length, updated: 0 },
      bomLines: document.bomLines.length,
      parents: new Set(document.bomLines.map((l) => l.parent)).size,
      warnings: [],
    });
    const again = await planner.boms.import(document);
    expect(again.items).toEqual({ created: 0, updated: document.items.length });
    expect(await explosionOf('JS-TABLE')).toEqual(expectedExplosion(document, 'JS-TABLE'));
  });

  it('replaces the lines of the parents in the file and keeps the others', async () => {
    const document = prefixed(TABLE_BOM, 'RP');
    await planner.boms.import(document);
    const legOnly: BomDocument = {
      items: document.items,
      bomLines: [{ parent: 'RP-LEG', child: 'RP-WOOD', qty: 0.8 }],
    };
    const result = await planner.boms.import(legOnly);
    expect(result.parents).toBe(1);
    const merged = {
      ...document,
      bomLines: [...document.bomLines.filter((l) => l.parent !== 'RP-LEG'), ...legOnly.bomLines],
    };
    expect(await explosionOf('RP-TABLE')).toEqual(expectedExplosion(merged, 'RP-TABLE'));
  });

  it('imports CSV with Chinese headers uploaded as multipart fields', async () => {
    const document = prefixed(TABLE_BOM, 'CS');
    const csv = chineseCsv(document);
    const form = new FormData();
    form.set('items', new File([csv.items], '物料.csv', { type: 'text/csv' }));
    form.set('bomLines', csv.bomLines);
    form.set('uomConversions', csv.uomConversions);
    const { status, body } = await post(form);
    expect(status).toBe(200);
    expect(body.items.created).toBe(document.items.length);
    expect(await explosionOf('CS-TABLE')).toEqual(expectedExplosion(document, 'CS-TABLE'));
    expect((await planner.items.get('CS-SCREW')).name).toBe('螺丝 M6');
  });

  it('imports an XLSX workbook with Chinese sheets, as a multipart file and as a raw body', async () => {
    const document = prefixed(TABLE_BOM, 'XL');
    const bytes = await chineseWorkbook(document);
    const form = new FormData();
    form.set('file', new File([bytes], '工厂BOM.xlsx', { type: XLSX_TYPE }));
    const uploaded = await post(form);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.bomLines).toBe(document.bomLines.length);
    expect(await explosionOf('XL-TABLE')).toEqual(expectedExplosion(document, 'XL-TABLE'));
    const raw = await post(bytes, XLSX_TYPE);
    expect(raw.status).toBe(200);
    expect(raw.body.items).toEqual({ created: 0, updated: document.items.length });
  });

  it('refuses a file that would create a cycle, naming it, and changes nothing', async () => {
    await planner.boms.import(prefixed(TABLE_BOM, 'BC'));
    const before = await snapshot();
    const bad = prefixed(TABLE_BOM, 'BC');
    bad.items.push({ code: 'BC-NEW', name: '新件', uom: 'pcs', type: 'buy' });
    bad.bomLines.push({ parent: 'BC-WOOD', child: 'BC-TABLE', qty: 1 });
    const error = (await planner.boms.import(bad).catch((e: unknown) => e)) as ValidationError;
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/BOM cycle/);
    // The path names a line of the file on the cycle.
    const index = Number(/^bomLines\.(\d+)\.child$/.exec(error.errors[0]!.path)?.[1]);
    const line = bad.bomLines[index]!;
    expect(error.message).toContain(`${line.parent} > ${line.child}`);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a spreadsheet row with an unknown child, naming the sheet row, and changes nothing', async () => {
    const document = prefixed(TABLE_BOM, 'BU');
    document.bomLines.splice(2, 0, { parent: 'BU-TABLE', child: 'BU-GHOST', qty: 1 });
    const before = await snapshot();
    const form = new FormData();
    form.set('file', new File([await chineseWorkbook(document)], 'bom.xlsx'));
    const { status, body } = await post(form);
    expect(status).toBe(400);
    // Header on row 1: the third line sits on row 4.
    expect(body.errors).toEqual([
      {
        path: 'bomLines.2.child',
        message: "sheet 物料清单 row 4 BU-TABLE > BU-GHOST: unknown child item 'BU-GHOST'",
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a CSV value of the wrong kind with its file line', async () => {
    const csv = chineseCsv(prefixed(TABLE_BOM, 'BQ'));
    const form = new FormData();
    form.set('items', csv.items);
    form.set('bomLines', csv.bomLines.replace(',4,', ',four,'));
    const { status, body } = await post(form);
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({ path: 'bomLines.1.qty' });
    expect(body.errors[0].message).toMatch(/^bomLines\.csv line 3: /);
  });

  it('refuses a workbook without a BOM sheet, listing the sheets it has', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['a']);
    const form = new FormData();
    form.set('file', new File([await workbook.xlsx.writeBuffer()], 'empty.xlsx'));
    const { status, body } = await post(form);
    expect(status).toBe(400);
    expect(body.detail).toBe('cannot read empty.xlsx: no sheet named items (found: Sheet1)');
  });

  it('refuses a body type it cannot read with 415', async () => {
    expect((await post('hello', 'text/plain')).status).toBe(415);
  });

  it('refuses a tree too large to answer, and answers it within maxDepth', async () => {
    // Five levels of ten shared children: 10 + 100 + … + 100,000 paths from a handful of lines.
    const level = (n: number) => Array.from({ length: 10 }, (_, i) => `WT-L${n}-${i}`);
    const levels = [['WT-TOP'], level(1), level(2), level(3), level(4), level(5)];
    // Every item of a level uses every item of the next, so the tree fans out fully.
    const document: BomDocument = {
      items: levels.flat().map((code) => ({ code, uom: 'pcs', type: 'make' as const })),
      bomLines: levels
        .slice(1)
        .flatMap((children, n) =>
          levels[n]!.flatMap((parent) => children.map((child) => ({ parent, child, qty: 1 }))),
        ),
    };
    await planner.boms.import(document);
    const tooLarge = await planner.boms
      .explosionTree('WT-TOP', { qty: 1, date: DATE })
      .then(refusalExpected, (e: unknown) => e as ValidationError);
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.message).toMatch(/more than 100000 rows: pass maxDepth/);
    const shallow = await planner.request<{ rows: unknown[] }>({
      method: 'GET',
      path: '/boms/WT-TOP/explosion',
      query: { qty: 1, date: DATE, tree: true, maxDepth: 2 },
    });
    expect(shallow.rows).toHaveLength(10 + 100);
  });

  it('explodes through HTTP exactly as the engine explodes any imported small DAG', async () => {
    let run = 0;
    const dag = fc.integer({ min: 2, max: 7 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        types: fc.array(fc.constantFrom('make' as const, 'buy' as const, 'phantom' as const), {
          minLength: n,
          maxLength: n,
        }),
        // Edges only from a lower to a higher index: a DAG by construction.
        edges: fc.uniqueArray(
          fc
            .tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }))
            .filter(([a, b]) => a < b),
          { selector: ([a, b]) => `${a}-${b}`, maxLength: 12 },
        ),
        qtys: fc.array(
          fc.integer({ min: 1, max: 40 }).map((q) => q / 4),
          { minLength: 12, maxLength: 12 },
        ),
        scraps: fc.array(fc.constantFrom(0, 0.05, 0.1), { minLength: 12, maxLength: 12 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(dag, async ({ n, types, edges, qtys, scraps }) => {
        const prefix = `P${run++}`;
        const code = (i: number) => `${prefix}-${i}`;
        const document: BomDocument = {
          items: types.map((type, i) => ({ code: code(i), uom: 'pcs', type: i === 0 ? 'make' : type })),
          bomLines: edges.map(([a, b], k) => ({
            parent: code(a),
            child: code(b),
            qty: qtys[k]!,
            ...(scraps[k] ? { scrapRate: scraps[k] } : {}),
          })),
        };
        await planner.boms.import(document);
        for (let i = 0; i < n; i++) {
          expect(await explosionOf(code(i), 7)).toEqual(expectedExplosion(document, code(i), 7));
        }
      }),
      { numRuns: 12 },
    );
  });
});
