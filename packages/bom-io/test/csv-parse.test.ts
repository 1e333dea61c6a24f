import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '../src/csv-parse.js';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
  it('reads quoted fields holding commas, escaped quotes and line breaks', () => {
    expect(fields('code,name\r\nA,"Desk, ""oak""\r\nlarge"\r\n')).toEqual([
      ['code', 'name'],
      ['A', 'Desk, "oak"\r\nlarge'],
    ]);
  });

  it('drops the byte-order mark Excel writes at the start', () => {
    expect(fields('\uFEFFcode,名称\nA,餐桌\n')).toEqual([
      ['code', '名称'],
      ['A', '餐桌'],
    ]);
  });

  it('accepts LF, CRLF and a missing final line end alike', () => {
    const expected = [
      ['a', 'b'],
      ['1', '2'],
    ];
    expect(fields('a,b\n1,2\n')).toEqual(expected);
    expect(fields('a,b\r\n1,2\r\n')).toEqual(expected);
    expect(fields('a,b\r\n1,2')).toEqual(expected);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('numbers each record by the physical line it starts on', () => {
    const records = parseCsv('h\n"two\nlines"\nthird\n');
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it('rejects an unterminated quote, naming the line it opened on', () => {
    expect(() => parseCsv('a\n"open\nstill open')).toThrow('unterminated quoted field opened on line 2');
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('"a"b,c')).toThrow(/after closing quote on line 1/);
  });

  it('reads back whatever formatCsv writes, with either line end', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\n', '\r', '餐', '桌', '\uFEFF', ''),
    });
    const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(rows, fc.constantFrom('\r\n', '\n'), (table, lineEnd) => {
        expect(fields(formatCsv(table, lineEnd))).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });
});
