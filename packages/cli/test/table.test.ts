import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Column, displayWidth, renderTable, StreamingTable } from '../src/format/table.js';

type Row = [string, string, string];

const columns: Column<Row>[] = [
  { header: 'Item 料号', value: (row) => row[0] },
  { header: 'Name 名称', value: (row) => row[1] },
  { header: 'Qty 数量', align: 'right', value: (row) => row[2] },
];

/** Display column at which the n-th cell starts, given that cells are separated by two spaces. */
function cellStarts(line: string, cells: readonly string[]): number[] {
  const starts: number[] = [];
  let from = 0;
  for (const cell of cells) {
    const at = line.indexOf(cell, from);
    starts.push(displayWidth(line.slice(0, at)));
    from = at + cell.length;
  }
  return starts;
}

describe('renderTable', () => {
  it('measures a Chinese character as two columns', () => {
    expect(displayWidth('螺丝 M6')).toBe(7);
    expect(displayWidth('TABLE')).toBe(5);
  });

  it('lines Chinese and Latin names up in the same columns', () => {
    const rows: Row[] = [
      ['TABLE', '餐桌', '1'],
      ['LEG', 'Oak leg', '40.8'],
      ['SCREW-M6', '十字沉头螺丝', '161.6'],
    ];
    const lines = renderTable(columns, rows).trimEnd().split('\n');
    const qtyEnds = lines.slice(2).map((line) => displayWidth(line));
    const nameStarts = lines.slice(2).map((line, i) => cellStarts(line, rows[i])[1]);
    expect(new Set(qtyEnds).size).toBe(1);
    expect(new Set(nameStarts).size).toBe(1);
    expect(displayWidth(lines[1])).toBe(qtyEnds[0]);
  });

  it('starts every cell of a column at the same display column, for any mix of scripts', () => {
    const word = fc.string({
      unit: fc.constantFrom('a', 'Z', '1', '餐', '桌', '螺', 'ｘ', '-'),
      minLength: 1,
      maxLength: 10,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, word, fc.stringMatching(/^[1-9]\d{0,5}$/)), { minLength: 1, maxLength: 10 }),
        (rows) => {
          const lines = renderTable(columns, rows).trimEnd().split('\n').slice(2);
          const starts = lines.map((line, i) => cellStarts(line, rows[i]));
          for (const column of [0, 1]) expect(new Set(starts.map((s) => s[column])).size).toBe(1);
          expect(new Set(lines.map(displayWidth)).size).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('turns line breaks inside a cell into spaces so a row stays one line', () => {
    const text = renderTable(columns, [['A', 'two\nlines', '1']]);
    expect(text.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('StreamingTable', () => {
  it('formats rows one at a time with widths fixed up front', () => {
    const table = new StreamingTable(columns, [8, 12, 6]);
    const rows: Row[] = [
      ['TABLE', '餐桌', '1'],
      ['SCREW-M6', '十字沉头螺丝', '161.6'],
    ];
    const lines = [...table.header().trimEnd().split('\n'), ...rows.map((row) => table.row(row).trimEnd())];
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
  });
});
