import type { LotTrace, LotTreeNode } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import {
  expandableKeys,
  flattenTree,
  initialCollapsed,
  parseLotInput,
  pushRecent,
  toggleKey,
  traceStats,
  traceTree,
} from './trace-tree';

// A forward trace of a screw lot: into two finished lots, one of them shipped; the paint lot
// reaches the table twice (through the tops and directly), so its second visit is a repeat.
const tree: LotTreeNode = {
  lot: 'SCREW-1',
  item: 'HW-SCREW',
  depth: 0,
  children: [
    {
      lot: 'TABLE-1',
      item: 'FG-TABLE',
      qty: 240,
      depth: 1,
      children: [{ lot: 'SO-1', item: 'FG-TABLE', qty: 12, depth: 2, children: [] }],
    },
    { lot: 'CHAIR-1', item: 'FG-CHAIR', qty: 640, depth: 1, children: [] },
    { lot: 'TABLE-1', item: 'FG-TABLE', qty: 10, depth: 1, repeat: true, children: [] },
  ],
};

describe('flattening the trace tree', () => {
  it('lists every node depth-first with a stable key, repeats without children', () => {
    const rows = flattenTree(tree, new Set());
    expect(rows.map((r) => [r.key, r.lot, r.depth, r.childCount, r.repeat])).toEqual([
      ['0', 'SCREW-1', 0, 3, false],
      ['1', 'TABLE-1', 1, 1, false],
      ['2', 'SO-1', 2, 0, false],
      ['3', 'CHAIR-1', 1, 0, false],
      ['4', 'TABLE-1', 1, 0, true],
    ]);
    expect(rows[1]).toMatchObject({ item: 'FG-TABLE', qty: 240, collapsed: false });
    expect(rows[0]!.qty).toBeUndefined();
  });

  it('hides the children of collapsed nodes and marks them', () => {
    const rows = flattenTree(tree, new Set(['1']));
    // Keys stay put when a branch is hidden: collapsing never renames what is open elsewhere.
    expect(rows.map((r) => r.key)).toEqual(['0', '1', '3', '4']);
    expect(rows[1]!.collapsed).toBe(true);
    expect(flattenTree(tree, new Set(['0'])).map((r) => r.key)).toEqual(['0']);
    // A leaf in the set is not "collapsed": it has nothing to hide.
    expect(flattenTree(tree, new Set(['3']))[3]!.collapsed).toBe(false);
  });

  it('toggles, expands and collapses all', () => {
    expect(expandableKeys(tree)).toEqual(['0', '1']);
    const once = toggleKey(new Set(), '1');
    expect([...once]).toEqual(['1']);
    expect([...toggleKey(once, '1')]).toEqual([]);
  });

  it('opens a small tree fully and a large one down to a readable depth', () => {
    expect(initialCollapsed(tree).size).toBe(0);
    const collapsed = initialCollapsed(tree, 1, 2);
    expect([...collapsed]).toEqual(['1']);
  });

  it('flattens a very deep chain without overflowing the stack', () => {
    let node: LotTreeNode = { lot: 'L20000', depth: 20_000, children: [] };
    for (let d = 19_999; d >= 0; d--) node = { lot: `L${d}`, depth: d, children: [node] };
    expect(flattenTree(node, new Set()).length).toBe(20_001);
  });
});

describe('a trace without a tree', () => {
  const trace: LotTrace = {
    lot: 'FG-1',
    item: 'FG',
    direction: 'backward',
    nodes: [
      { lot: 'FG-1', item: 'FG', depth: 0 },
      { lot: 'TOP-1', item: 'TOP', depth: 1 },
      { lot: 'PAINT-1', item: 'PAINT', depth: 1 },
    ],
    edges: [
      { from: 'TOP-1', fromItem: 'TOP', to: 'FG-1', toItem: 'FG', qty: 20 },
      { from: 'PAINT-1', fromItem: 'PAINT', to: 'TOP-1', toItem: 'TOP', qty: 7.18 },
      { from: 'PAINT-1', fromItem: 'PAINT', to: 'FG-1', toItem: 'FG', qty: 1 },
    ],
  };

  it('is built from the edges in the trace direction, each lot expanded once', () => {
    const rows = flattenTree(traceTree(trace), new Set());
    expect(rows.map((r) => [r.lot, r.depth, r.qty, r.repeat])).toEqual([
      ['FG-1', 0, undefined, false],
      ['PAINT-1', 1, 1, false],
      ['TOP-1', 1, 20, false],
      ['PAINT-1', 2, 7.18, true],
    ]);
    expect(traceStats(trace)).toEqual({ lots: 2, depth: 1 });
  });

  it('uses the server tree when there is one', () => {
    expect(traceTree({ ...trace, tree })).toBe(tree);
  });
});

describe('lot input', () => {
  it('accepts a plain lot code, trimmed', () => {
    expect(parseLotInput('  FG-DT160-261127 \n')).toEqual({ lot: 'FG-DT160-261127' });
  });

  it('refuses nothing, an operation QR and an overlong code with a reason', () => {
    expect(parseLotInput('   ')).toEqual({ error: 'empty' });
    expect(parseLotInput(undefined)).toEqual({ error: 'empty' });
    expect(parseLotInput('SF1:OP:WO-2026-0001:20')).toEqual({ error: 'operation-qr' });
    expect(parseLotInput('X'.repeat(65))).toEqual({ error: 'too-long' });
  });

  it('keeps the recent lots unique, newest first, bounded', () => {
    expect(pushRecent(['A', 'B', 'C'], 'B')).toEqual(['B', 'A', 'C']);
    expect(pushRecent(['A', 'B', 'C'], 'D', 3)).toEqual(['D', 'A', 'B']);
  });
});
