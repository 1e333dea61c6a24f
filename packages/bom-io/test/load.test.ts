import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BomDocument } from '@shopfloor/bom-engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BomFileError, loadBomFile, locationOf } from '../src/index.js';
import { documentTables, TABLE_BOM, tempFolder, writeCsvFiles, writeJson, writeXlsx } from './helpers.js';

/** What a loader should produce for a document: absent and null fields are both "not given". */
function withoutEmptyFields(document: BomDocument): BomDocument {
  const clean = <T extends object>(record: T): T =>
    Object.fromEntries(
      Object.entries(record).filter(([, value]) => value !== undefined && value !== null),
    ) as T;
  return {
    items: document.items.map(clean),
    bomLines: document.bomLines.map(clean),
    uomConversions: (document.uomConversions ?? []).map(clean),
  };
}

const code = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,7}$/);
const name = fc.string({
  unit: fc.constantFrom('桌', '椅', '螺', '丝', 'a', 'B', ' ', ',', '"', '-'),
  minLength: 1,
  maxLength: 8,
});
const qty = fc.double({ min: 0.001, max: 10_000, noNaN: true }).map((n) => Number(n.toFixed(3)) || 1);
const date = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const randomDocument: fc.Arbitrary<BomDocument> = fc
  .uniqueArray(code, { minLength: 2, maxLength: 6 })
  .chain((codes) =>
    fc.record({
      items: fc.tuple(
        ...codes.map((c) =>
          fc.record(
            {
              code: fc.constant(c),
              name: name.map((n) => n.trim() || '件'),
              uom: fc.constantFrom('pcs', 'm', 'kg', '套'),
              type: fc.constantFrom('make' as const, 'buy' as const, 'phantom' as const),
              leadTime: fc.integer({ min: 0, max: 30 }),
              cost: qty,
            },
            { requiredKeys: ['code', 'uom', 'type'] },
          ),
        ),
      ),
      bomLines: fc.array(
        fc.record(
          {
            parent: fc.constantFrom(...codes),
            child: fc.constantFrom(...codes),
            qty,
            scrapRate: fc.constantFrom(0, 0.02, 0.1),
            setupQty: fc.integer({ min: 1, max: 5 }),
            effectiveFrom: date,
            effectiveTo: fc.option(date, { nil: null }),
          },
          { requiredKeys: ['parent', 'child', 'qty'] },
        ),
        { maxLength: 8 },
      ),
      uomConversions: fc.array(
        fc.record({ from: fc.constantFrom('mm', 'g'), to: fc.constantFrom('m', 'kg'), factor: qty }),
        {
          maxLength: 2,
        },
      ),
    }),
  );

describe('loadBomFile', () => {
  it('reads back any document written as CSV files with the field names as headers', async () => {
    await fc.assert(
      fc.asyncProperty(randomDocument, async (document) => {
        const folder = await tempFolder();
        await writeCsvFiles(folder, documentTables(document));
        const loaded = await loadBomFile(folder);
        expect(loaded.document).toEqual(withoutEmptyFields(document));
      }),
      { numRuns: 40 },
    );
  });

  it('reads back any document written as a workbook with the field names as headers', async () => {
    await fc.assert(
      fc.asyncProperty(randomDocument, async (document) => {
        const path = await writeXlsx(join(await tempFolder(), 'bom.xlsx'), documentTables(document));
        const loaded = await loadBomFile(path);
        expect(loaded.document).toEqual(withoutEmptyFields(document));
      }),
      { numRuns: 15 },
    );
  });

  it('understands Chinese sheet names, headers and item types', async () => {
    const path = await writeXlsx(join(await tempFolder(), '工厂BOM.xlsx'), {
      物料: [
        ['料号', '物料名称', '单位', '类型', '规格'],
        ['TABLE', '餐桌', 'pcs', '自制', '1.6m'],
        ['KIT', '五金包', 'set', '虚拟件', ''],
        ['SCREW', '螺丝', 'pcs', '外购', 'M6'],
      ],
      物料清单: [
        ['父项', '子项', '用量', '损耗率', '生效日期', '失效日期'],
        ['TABLE', 'KIT', 1, '', '', ''],
        ['KIT', 'SCREW', 8, '5%', new Date(Date.UTC(2026, 6, 1)), ''],
      ],
      单位换算: [
        ['源单位', '目标单位', '换算系数', '物料编码'],
        ['box', 'pcs', 200, 'SCREW'],
      ],
    });
    const { document } = await loadBomFile(path);
    expect(document.items.map((item) => item.type)).toEqual(['make', 'phantom', 'buy']);
    expect(document.items[0]).toEqual({ code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make' });
    expect(document.bomLines[1]).toEqual({
      parent: 'KIT',
      child: 'SCREW',
      qty: 8,
      scrapRate: 0.05,
      effectiveFrom: '2026-07-01',
    });
    expect(document.uomConversions).toEqual([{ from: 'box', to: 'pcs', factor: 200, item: 'SCREW' }]);
  });

  it('takes the cached result of formula cells and the text of rich-text cells', async () => {
    const path = join(await tempFolder(), 'formulas.xlsx');
    await writeXlsx(path, documentTables(TABLE_BOM));
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const lines = workbook.getWorksheet('bomLines')!;
    lines.getCell('C3').value = { formula: '2*2', result: 4 };
    lines.getCell('A3').value = { richText: [{ text: 'TA' }, { text: 'BLE', font: { bold: true } }] };
    await workbook.xlsx.writeFile(path);

    const { document } = await loadBomFile(path);
    expect(document.bomLines[1]).toMatchObject({ parent: 'TABLE', child: 'LEG', qty: 4 });
  });

  it('normalizes dates written as text (2026/7/1) and keeps codes that look like numbers as text', async () => {
    const folder = await tempFolder();
    await writeCsvFiles(folder, {
      items: [
        ['code', 'uom', 'type'],
        ['10001', 'pcs', 'make'],
        ['00042', 'pcs', 'buy'],
      ],
      bom: [
        ['parent', 'child', 'qty', 'effectiveFrom'],
        ['10001', '00042', '3', '2026/7/1'],
      ],
    });
    const { document } = await loadBomFile(join(folder, 'bom.csv'));
    expect(document.bomLines).toEqual([
      { parent: '10001', child: '00042', qty: 3, effectiveFrom: '2026-07-01' },
    ]);
  });

  it('passes a value it cannot convert to the engine unchanged, so validation reports it on its line', async () => {
    const folder = await tempFolder();
    await writeCsvFiles(folder, {
      items: [
        ['code', 'uom', 'type'],
        ['A', 'pcs', 'make'],
        ['B', 'pcs', 'buy'],
      ],
      bomLines: [
        ['parent', 'child', 'qty'],
        ['A', 'B', 'four'],
      ],
    });
    const loaded = await loadBomFile(folder);
    expect(loaded.document.bomLines[0].qty).toBe('four');
    expect(loaded.locate('bomLines', 0)).toBe('bomLines.csv line 2');
  });

  it('takes an unrecognized CSV file name as the BOM lines, with items.csv beside it', async () => {
    const folder = await tempFolder();
    const tables = documentTables(TABLE_BOM);
    await writeCsvFiles(folder, { items: tables.items, 'table-2026': tables.bomLines });
    const { document } = await loadBomFile(join(folder, 'table-2026.csv'));
    expect(document.bomLines).toHaveLength(TABLE_BOM.bomLines.length);
    expect(document.uomConversions).toBeUndefined();
  });

  it('locates records by sheet row, skipping blank rows', async () => {
    const tables = documentTables(TABLE_BOM);
    const path = await writeXlsx(join(await tempFolder(), 'bom.xlsx'), {
      items: tables.items,
      BOM: [tables.bomLines[0], [], ...tables.bomLines.slice(1)],
    });
    const loaded = await loadBomFile(path);
    expect(loaded.locate('bomLines', 0)).toBe('sheet BOM row 3');
    expect(loaded.itemLocation('LEG')).toBe('sheet items row 4');
    expect(locationOf(loaded, { message: 'bomLines[1] TABLE > LEG: qty must be a positive number' })).toBe(
      'sheet BOM row 4',
    );
  });

  describe('refuses input it cannot read as a BOM, saying why', () => {
    const failure = async (path: string) => {
      const error = await loadBomFile(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BomFileError);
      return (error as BomFileError).message;
    };

    it('a missing file', async () => {
      expect(await failure('no/such/bom.json')).toBe(
        'cannot read no/such/bom.json: no such file or directory',
      );
    });

    it('a workbook without an items sheet, listing the sheets it has', async () => {
      const path = await writeXlsx(join(await tempFolder(), 'bom.xlsx'), { Sheet1: [['a']] });
      expect(await failure(path)).toBe(`cannot read ${path}: no sheet named items (found: Sheet1)`);
    });

    it('a sheet without a required column, listing its headers', async () => {
      const tables = documentTables(TABLE_BOM);
      const path = await writeXlsx(join(await tempFolder(), 'bom.xlsx'), {
        items: tables.items,
        bomLines: [
          ['父项', '子项', '备注'],
          ['TABLE', 'TOP', 'x'],
        ],
      });
      expect(await failure(path)).toBe(
        `cannot read ${path}: sheet bomLines has no column for qty (headers: 父项, 子项, 备注)`,
      );
    });

    it('a file that is not a workbook', async () => {
      const path = join(await tempFolder(), 'bom.xlsx');
      await writeFile(path, 'not a zip');
      expect(await failure(path)).toMatch(/: not a readable \.xlsx workbook/);
    });

    it('invalid JSON', async () => {
      const path = join(await tempFolder(), 'bom.json');
      await writeFile(path, '{"items": [');
      expect(await failure(path)).toMatch(/^cannot read .*bom\.json: invalid JSON/);
    });

    it('a CSV folder without items.csv', async () => {
      const folder = join(await tempFolder(), 'csv');
      await mkdir(folder);
      await writeCsvFiles(folder, { bomLines: documentTables(TABLE_BOM).bomLines });
      expect(await failure(folder)).toBe(`cannot read ${folder}: no items.csv in the folder`);
    });

    it('an unknown file type', async () => {
      const path = await writeJson(await tempFolder(), 'bom.txt', TABLE_BOM);
      expect(await failure(path)).toMatch(/unknown file type '\.txt'/);
    });
  });
});
