import { crc32, deflateRawSync } from 'node:zlib';
import { unzipGuarded } from '@shopfloor/bom-io';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { adminOf, editWorkbook, places, postWorkbook, sheet, tableCounts } from './setup-helpers.js';

interface Entry {
  name: string;
  data: Buffer;
  /** What the zip directory claims; the real size when absent. */
  declared?: number;
}

/** A zip of deflated entries, written by hand so that it can lie about sizes. */
function zipOf(entries: Entry[]): Uint8Array<ArrayBuffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const packed = deflateRawSync(entry.data);
    const size = entry.declared ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(entry.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(entry.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

async function workbookWith(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer()).slice();
}

/**
 * Files that are not what they should be. Whatever comes, the answer is a 4xx naming the place
 * (problem+json carrying the report), never a 5xx, and nothing is written.
 */
describe.each(backends())('bad workbooks on %s', (backend) => {
  let server: TestServer;
  let token: string;
  let template: Uint8Array;
  let before: Record<string, number>;

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    token = await server.token('admin');
    template = await (await adminOf(server)).setup.template();
  });
  afterAll(() => server?.close());
  beforeEach(async () => {
    before = await tableCounts(server);
  });

  async function refused(body: BodyInit, options: Parameters<typeof postWorkbook>[3] = {}) {
    const answer = await postWorkbook(server, token, body, options);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.json).toMatchObject({ applied: false, dryRun: options.dryRun ?? false });
    expect(answer.json.problems.length).toBeGreaterThan(0);
    expect(await tableCounts(server)).toEqual(before);
    return answer;
  }

  it('refuses what is not an .xlsx, saying so in Chinese', async () => {
    const csv = await refused(new TextEncoder().encode('code,name\nWH-1,一号仓\n'));
    expect(csv.status).toBe(400);
    expect(csv.json.problems[0]).toMatchObject({ sheet: null, row: null, column: null });
    expect(csv.json.problems[0]!.message).toContain('.xlsx');
    const xls = await refused(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    expect(xls.json.problems[0]!.message).toContain('.xls');
    const cut = await refused(template.slice(0, Math.floor(template.length / 2)), { dryRun: true });
    expect(cut.status).toBe(400);
    expect((await refused(new Uint8Array(0))).status).toBe(400);
  });

  it('refuses a zip bomb by the sizes its directory declares, before inflating it', async () => {
    const started = performance.now();
    const bomb = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), declared: 300 * 1024 * 1024 },
    ]);
    const answer = await refused(bomb);
    expect(answer.status).toBe(413);
    expect(answer.json.problems[0]!.message).toContain('200 MB');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses the same zip bomb sent as a BOM workbook to /boms/import, before exceljs sees it', async () => {
    const started = performance.now();
    const bomb = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), declared: 300 * 1024 * 1024 },
    ]);
    const planner = await server.as('pl-zhou');
    const answer = await planner
      .request({
        method: 'POST',
        path: '/boms/import',
        raw: {
          bytes: bomb,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      })
      .catch((error: { status?: number; problem?: { detail?: string } }) => error);
    expect(answer).toMatchObject({ status: 400, problem: { detail: expect.stringMatching(/200 MB/) } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a zip bomb whose directory lies about its sizes, inflating no further than declared', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros, declared: 1_000 },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const answer = await refused(bomb, { dryRun: true });
    expect(answer.status).toBe(413);
    expect(answer.json.problems[0]!.messageEn).toMatch(/zip bomb/);
  });

  it('refuses a body of 100 MB with 413, declared or chunked', async () => {
    const huge = await refused(new Uint8Array(100 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect(huge.json.problems[0]!.message).toContain('25 MB');
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/v1/setup/workbook`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/octet-stream',
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await tableCounts(server)).toEqual(before);
  });

  it('refuses JSON and other content types with 415', async () => {
    const json = await refused('{"warehouses":[]}', { contentType: 'application/json' });
    expect(json.status).toBe(415);
    expect((await refused('x', { contentType: 'text/plain' })).status).toBe(415);
  });

  it('names merged cells by their range', async () => {
    const merged = await editWorkbook(template, (wb) => {
      const locations = sheet(wb, 'locations');
      locations.addRow(['WH-RM', 'RM-A02', '原材料A区02', '原材料']);
      locations.mergeCells('A2:A3');
    });
    const report = await (await adminOf(server)).setup.import(merged, { dryRun: true });
    // One problem, the merge's: the cell it hides is not reported again as empty.
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ sheet: 'locations', row: 2 });
    expect(report.problems[0]!.message).toContain('A2:A3');
    const answer = await refused(merged);
    expect(answer.status).toBe(400);
    expect(answer.json.detail).toContain('A2:A3');
  });

  it('takes cached formula results, and names formulas without one', async () => {
    const formulas = await editWorkbook(template, (wb) => {
      sheet(wb, 'openingStock').getCell('D2').value = { formula: '100+100', result: 200 } as never;
      sheet(wb, 'items').getCell('E2').value = { formula: 'F2*2' } as never;
    });
    const report = await (await adminOf(server)).setup.import(formulas, { dryRun: true });
    expect(places(report)).toEqual(['items!2!leadTime']);
    expect(report.problems[0]!.message).toContain('E2');
    expect(report.problems[0]!.message).toContain('公式');
  });

  it('names dates typed as numbers, and dates or long numbers where codes belong', async () => {
    const wrong = await editWorkbook(template, (wb) => {
      sheet(wb, 'bomLines').getCell('H2').value = 46204; // effectiveFrom as an Excel serial
      const dated = sheet(wb, 'warehouses')
        .addRow([new Date(Date.UTC(2026, 0, 5)), '一月仓'])
        .getCell(1);
      dated.numFmt = 'yyyy-mm-dd'; // what Excel makes of 2026-1-5 typed into a General cell
      sheet(wb, 'warehouses').addRow([6901234567890123, '条码仓']);
      sheet(wb, 'openingStock').getCell('D2').value = '两百';
    });
    const report = await (await adminOf(server)).setup.import(wrong, { dryRun: true });
    expect(places(report)).toEqual([
      'bomLines!2!effectiveFrom',
      'openingStock!2!qty',
      'warehouses!3!code',
      'warehouses!4!code',
    ]);
    const serial = report.problems.find((p) => p.column === 'effectiveFrom')!;
    expect(serial.message).toContain('2026-07-01');
    expect(serial.message).toContain('H2');
    expect(report.problems.find((p) => p.row === 4)!.message).toContain('文本');
    expect(await tableCounts(server)).toEqual(before);
  });

  it('names a missing required column and a list given twice', async () => {
    const wrong = await editWorkbook(template, (wb) => {
      sheet(wb, 'locations').spliceColumns(4, 1); // no kind column
      wb.addWorksheet('仓库').addRows([
        ['code', 'name'],
        ['WH-2', '二号仓'],
      ]);
    });
    const report = await (await adminOf(server)).setup.import(wrong, { dryRun: true });
    expect(places(report)).toEqual(['locations!1!kind', 'warehouses!null!null']);
  });

  it('says so when no sheet is one it knows', async () => {
    const other = await workbookWith((wb) => wb.addWorksheet('Sheet1').addRow(['a', 'b']));
    const report = await (await adminOf(server)).setup.import(other, { dryRun: true });
    expect(report.sheets).toEqual([]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ sheet: null });
  });

  it('reads a sheet with a whole-column dropdown and a whole-sheet merge without expanding them', async () => {
    const heavy = await editWorkbook(template, (wb) => {
      // exceljs has the API but not its typing.
      (
        sheet(wb, 'items') as unknown as { dataValidations: { add(range: string, rule: object): void } }
      ).dataValidations.add('D2:D1048576', {
        type: 'list',
        allowBlank: true,
        formulae: ['"make,buy,phantom"'],
      });
    });
    // A merge over the rest of the sheet, written into the XML by hand: exceljs visits every cell of one.
    const parts = unzipGuarded(heavy);
    const entries = [...parts].map(([name, data]) => {
      const xml = data.toString('utf8');
      if (!xml.includes('<dataValidation ')) return { name, data };
      const merged = xml.replace(
        '</sheetData>',
        '</sheetData><mergeCells count="1"><mergeCell ref="A100:XFD1048576"/></mergeCells>',
      );
      return { name, data: Buffer.from(merged) };
    });
    const started = performance.now();
    const report = await (await adminOf(server)).setup.import(zipOf(entries), { dryRun: true });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(places(report)).toEqual(['items!100!null']);
    expect(report.problems[0]!.message).toContain('A100:XFD1048576');
  });
});
