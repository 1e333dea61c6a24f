import type { TreeRow } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import { distinctItems, nestTreeRows, parentKeys } from './bom-tree';

const row = (level: number, item: string): TreeRow => ({
  level,
  item,
  qty: 1,
  uom: 'pcs',
  type: 'make',
  path: [item],
});

describe('the indented BOM as a tree', () => {
  it('puts each row under the last row one level up, depth first', () => {
    const nodes = nestTreeRows([
      row(1, 'A'),
      row(2, 'A1'),
      row(3, 'A1x'),
      row(2, 'A2'),
      row(1, 'B'),
      row(2, 'B1'),
    ]);
    const shape = (list: typeof nodes): unknown => list.map((n) => [n.item, shape(n.children ?? [])]);
    expect(shape(nodes)).toEqual([
      [
        'A',
        [
          ['A1', [['A1x', []]]],
          ['A2', []],
        ],
      ],
      ['B', [['B1', []]]],
    ]);
    expect(parentKeys(nodes)).toEqual(['0', '1', '4']);
  });

  it('keeps a component that appears twice as two rows, and lists its code once', () => {
    const rows = [row(1, 'HW-CAM'), row(1, 'KIT'), row(2, 'HW-CAM')];
    const nodes = nestTreeRows(rows);
    expect(nodes.map((n) => n.key)).toEqual(['0', '1']);
    expect(nodes[1]!.children!.map((n) => n.item)).toEqual(['HW-CAM']);
    expect(distinctItems(rows)).toEqual(['HW-CAM', 'KIT']);
  });
});
