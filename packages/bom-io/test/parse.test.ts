import { describe, expect, it } from 'vitest';
import { BomFileError, loadBomFile, parseBomCsv, parseBomJson, parseBomXlsx } from '../src/index.js';
import {
  csvText,
  documentTables,
  TABLE_BOM,
  tempFolder,
  writeCsvFiles,
  writeXlsx,
  xlsxBytes,
} from './helpers.js';

/** The readers over content held in memory (an HTTP upload) agree with the readers over files. */
describe('parsing a BOM held in memory', () => {
  it('reads CSV texts into the same document and locations as the CSV files', async () => {
    const tables = documentTables(TABLE_BOM);
    const folder = await tempFolder();
    await writeCsvFiles(folder, tables);
    const fromFiles = await loadBomFile(folder);
    const fromTexts = parseBomCsv({
      items: csvText(tables.items),
      bomLines: csvText(tables.bomLines),
      uomConversions: csvText(tables.uomConversions),
    });
    expect(fromTexts.document).toEqual(fromFiles.document);
    expect(fromTexts.locate('bomLines', 3)).toBe('bomLines.csv line 5');
    expect(fromTexts.itemLocation('KIT')).toBe(fromFiles.itemLocation('KIT'));
  });

  it('names CSV records after the uploaded file names when given', () => {
    const tables = documentTables(TABLE_BOM);
    const loaded = parseBomCsv(
      { items: csvText(tables.items), bomLines: csvText(tables.bomLines) },
      { file: 'upload', names: { bomLines: '物料清单.csv' } },
    );
    expect(loaded.locate('bomLines', 0)).toBe('物料清单.csv line 2');
    expect(loaded.document.uomConversions).toBeUndefined();
  });

  it('reads a workbook from its bytes into the same document as from its file', async () => {
    const sheets = { 物料: documentTables(TABLE_BOM).items, 物料清单: documentTables(TABLE_BOM).bomLines };
    const path = await writeXlsx(`${await tempFolder()}/bom.xlsx`, sheets);
    const fromBytes = await parseBomXlsx(await xlsxBytes(sheets), { file: 'bom.xlsx' });
    expect(fromBytes.document).toEqual((await loadBomFile(path)).document);
    expect(fromBytes.locate('bomLines', 1)).toBe('sheet 物料清单 row 3');
  });

  it('reads a workbook from an ArrayBuffer as well as from a Uint8Array', async () => {
    const bytes = await xlsxBytes({
      items: documentTables(TABLE_BOM).items,
      bom: documentTables(TABLE_BOM).bomLines,
    });
    const copy = bytes.slice().buffer;
    expect((await parseBomXlsx(copy)).document).toEqual((await parseBomXlsx(bytes)).document);
  });

  it('reads JSON text, located by list index', () => {
    const loaded = parseBomJson(`\uFEFF${JSON.stringify(TABLE_BOM)}`);
    expect(loaded.document).toEqual(TABLE_BOM);
    expect(loaded.itemLocation('WOOD')).toBe('items[5]');
  });

  describe('refuses content it cannot read as a BOM, naming the input', () => {
    const refusal = async (read: () => unknown) => {
      const error = await Promise.resolve()
        .then(read)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BomFileError);
      return (error as BomFileError).message;
    };

    it('JSON without bomLines', async () => {
      expect(await refusal(() => parseBomJson('{"items": []}', { file: 'bom.json' }))).toBe(
        'cannot read bom.json: expected an array "bomLines" at the top level',
      );
    });

    it('bytes that are not a workbook', async () => {
      expect(await refusal(() => parseBomXlsx(new TextEncoder().encode('hello')))).toMatch(
        /^cannot read XLSX input: not a readable \.xlsx workbook/,
      );
    });

    it('a CSV list without a required column', async () => {
      const items = csvText([
        ['code', 'name'],
        ['A', 'x'],
      ]);
      expect(
        await refusal(() => parseBomCsv({ items, bomLines: csvText([['parent', 'child', 'qty']]) })),
      ).toBe('cannot read CSV input: items.csv has no column for uom (headers: code, name)');
    });

    it('a CSV text with an unterminated quote', async () => {
      const items = csvText(documentTables(TABLE_BOM).items);
      expect(await refusal(() => parseBomCsv({ items, bomLines: 'parent,child,qty\n"A,B,1\n' }))).toBe(
        'cannot read CSV input: bomLines.csv: unterminated quoted field opened on line 2',
      );
    });
  });
});
