import { describe, expect, it } from 'vitest';
import { compileGenealogy, createGenealogyBuilder, type GenealogyEdge, GenealogyError } from './index.js';

/** A table factory: steel → legs, screws + legs + top → table → shipment to a customer. */
const tableFactory: GenealogyEdge[] = [
  { from: 'STEEL-1', to: 'LEG-1', qty: 2, item: 'STEEL', toItem: 'LEG' },
  { from: 'STEEL-1', to: 'LEG-2', qty: 2, toItem: 'LEG' },
  { from: 'WOOD-1', to: 'TOP-1', qty: 1, item: 'WOOD', toItem: 'TOP' },
  { from: 'LEG-1', to: 'TABLE-1', qty: 2, toItem: 'TABLE' },
  { from: 'LEG-2', to: 'TABLE-1', qty: 2 },
  { from: 'TOP-1', to: 'TABLE-1', qty: 1 },
  { from: 'SCREW-1', to: 'TABLE-1', qty: 8, item: 'SCREW' },
  { from: 'SCREW-1', to: 'TABLE-2', qty: 8, toItem: 'TABLE' },
  { from: 'TABLE-1', to: 'SHIP-1', qty: 1, kind: 'ship', at: '2026-07-01T10:00:00+08:00' },
];
const customers = [{ lot: 'SHIP-1', customer: '宜家' }];

function lotsOf(nodes: { lot: string }[]): string[] {
  return nodes.map((n) => n.lot).sort();
}

describe('traceBackward', () => {
  const genealogy = compileGenealogy(tableFactory, { lots: customers });

  it('finds every component lot at any depth, down to the screws', () => {
    const trace = genealogy.traceBackward('SHIP-1');
    expect(trace.direction).toBe('backward');
    expect(lotsOf(trace.nodes)).toEqual([
      'LEG-1',
      'LEG-2',
      'SCREW-1',
      'STEEL-1',
      'TABLE-1',
      'TOP-1',
      'WOOD-1',
    ]);
  });

  it('gives each lot its shortest distance and its item', () => {
    const nodes = genealogy.traceBackward('TABLE-1').nodes;
    expect(nodes.find((n) => n.lot === 'STEEL-1')).toEqual({
      lot: 'STEEL-1',
      item: 'STEEL',
      depth: 2,
      qty: 4,
    });
    expect(nodes.find((n) => n.lot === 'SCREW-1')).toEqual({
      lot: 'SCREW-1',
      item: 'SCREW',
      depth: 1,
      qty: 8,
    });
  });

  it('lists the edges it followed in physical orientation, with shipment kind and time', () => {
    const edges = genealogy.traceBackward('SHIP-1', { maxDepth: 1 }).edges;
    expect(edges).toEqual([
      { from: 'TABLE-1', to: 'SHIP-1', qty: 1, kind: 'ship', at: '2026-07-01T02:00:00.000Z' },
    ]);
  });

  it('stops at maxDepth', () => {
    const trace = genealogy.traceBackward('SHIP-1', { maxDepth: 2 });
    expect(lotsOf(trace.nodes)).toEqual(['LEG-1', 'LEG-2', 'SCREW-1', 'TABLE-1', 'TOP-1']);
    expect(genealogy.traceBackward('SHIP-1', { maxDepth: 0 }).nodes).toEqual([]);
  });

  it('reports a raw lot as having consumed nothing', () => {
    const trace = genealogy.traceBackward('STEEL-1');
    expect(trace.nodes).toEqual([]);
    expect(trace.edges).toEqual([]);
  });
});

describe('traceForward', () => {
  const genealogy = compileGenealogy(tableFactory, { lots: customers });

  it('follows a raw lot up to finished goods and shipments', () => {
    const trace = genealogy.traceForward('STEEL-1');
    expect(trace.direction).toBe('forward');
    expect(trace.nodes.map((n) => [n.lot, n.depth])).toEqual([
      ['LEG-1', 1],
      ['LEG-2', 1],
      ['TABLE-1', 2],
      ['SHIP-1', 3],
    ]);
  });

  it('sums on each reached lot how much of the traced lots it consumed', () => {
    const table = genealogy.traceForward('STEEL-1').nodes.find((n) => n.lot === 'TABLE-1');
    expect(table?.qty).toBe(4);
  });
});

describe('toTree', () => {
  const genealogy = compileGenealogy(tableFactory);

  it('nests the trace, expanding a shared lot once and marking its other occurrences as repeats', () => {
    const tree = genealogy.traceForward('STEEL-1').toTree();
    expect(tree).toEqual({
      lot: 'STEEL-1',
      item: 'STEEL',
      depth: 0,
      children: [
        {
          lot: 'LEG-1',
          item: 'LEG',
          qty: 2,
          depth: 1,
          children: [
            {
              lot: 'TABLE-1',
              item: 'TABLE',
              qty: 2,
              depth: 2,
              children: [{ lot: 'SHIP-1', qty: 1, depth: 3, children: [] }],
            },
          ],
        },
        {
          lot: 'LEG-2',
          item: 'LEG',
          qty: 2,
          depth: 1,
          children: [{ lot: 'TABLE-1', item: 'TABLE', qty: 2, depth: 2, children: [], repeat: true }],
        },
      ],
    });
  });

  it('has one child row per trace edge', () => {
    const trace = genealogy.traceBackward('SHIP-1');
    const countRows = (node: { children: unknown[] }): number =>
      node.children.reduce<number>((sum, child) => sum + 1 + countRows(child as { children: unknown[] }), 0);
    expect(countRows(trace.toTree())).toBe(trace.edges.length);
  });
});

describe('recallImpact', () => {
  const genealogy = compileGenealogy(tableFactory, { lots: customers });

  it('names the finished lots (shipped or not), shipments and customers a suspect screw lot reached', () => {
    expect(genealogy.recallImpact('SCREW-1')).toEqual({
      lot: 'SCREW-1',
      finishedLots: ['TABLE-1', 'TABLE-2'],
      customerLots: ['SHIP-1'],
      customers: ['宜家'],
      affectedLots: 4,
    });
  });

  it('counts a lot marked finished as finished even when something consumes it', () => {
    const marked = compileGenealogy(tableFactory, { lots: [{ lot: 'TABLE-1', kind: 'finished' }] });
    expect(marked.recallImpact('LEG-1').finishedLots).toEqual(['TABLE-1']);
  });

  it('counts a lot marked customer as customer-facing without a ship edge', () => {
    const marked = compileGenealogy(tableFactory, {
      lots: [{ lot: 'TABLE-2', kind: 'customer', customer: 'ACME' }],
    });
    const impact = marked.recallImpact('SCREW-1');
    expect(impact.customerLots).toEqual(['SHIP-1', 'TABLE-2']);
    expect(impact.customers).toEqual(['ACME']);
  });

  it('treats a lot with an explicit intermediate kind as not finished', () => {
    const marked = compileGenealogy(tableFactory, { lots: [{ lot: 'TABLE-2', kind: 'wip' }] });
    expect(marked.recallImpact('SCREW-1').finishedLots).toEqual(['TABLE-1']);
  });
});

describe('compileGenealogy', () => {
  it('aggregates the quantities of repeated from/to records into one edge', () => {
    const genealogy = compileGenealogy([
      { from: 'A', to: 'B', qty: 1.5 },
      { from: 'A', to: 'B', qty: 2 },
      { from: 'A', to: 'C', qty: 1 },
    ]);
    expect(genealogy.edgeCount).toBe(2);
    expect(genealogy.traceForward('A').edges).toEqual([
      { from: 'A', to: 'B', qty: 3.5 },
      { from: 'A', to: 'C', qty: 1 },
    ]);
  });

  it('knows lots named only in the lot attributes', () => {
    const genealogy = compileGenealogy([], { lots: [{ lot: 'L-9', item: 'BOLT', kind: 'raw' }] });
    expect(genealogy.has('L-9')).toBe(true);
    expect(genealogy.lotCount).toBe(1);
    expect(genealogy.lotInfo('L-9')).toEqual({ lot: 'L-9', item: 'BOLT', kind: 'raw' });
  });

  it('rejects a negative quantity naming the edge', () => {
    const bad = () => compileGenealogy([{ from: 'A', to: 'B', qty: -1 }]);
    expect(bad).toThrow(GenealogyError);
    expect(bad).toThrow('edges[0] A > B: qty must be a non-negative number, got -1');
  });

  it('rejects an edge without a lot code', () => {
    expect(() => compileGenealogy([{ from: '', to: 'B', qty: 1 }])).toThrow(
      /edges\[0\]: from must be a non-empty lot code/,
    );
  });

  it('rejects a time that is not ISO 8601', () => {
    expect(() => compileGenealogy([{ from: 'A', to: 'B', qty: 1, at: 'yesterday' }])).toThrow(
      /at must be an ISO 8601/,
    );
  });

  it('rejects a lot given two different items', () => {
    const bad = () =>
      compileGenealogy([
        { from: 'A', to: 'B', qty: 1, item: 'SCREW' },
        { from: 'A', to: 'C', qty: 1, item: 'BOLT' },
      ]);
    expect(bad).toThrow('lot A is given two items: SCREW and BOLT');
  });
});

describe('unknown lots', () => {
  const genealogy = compileGenealogy(tableFactory);

  it.each([
    ['traceBackward', () => genealogy.traceBackward('NOPE')],
    ['traceForward', () => genealogy.traceForward('NOPE')],
    ['recallImpact', () => genealogy.recallImpact('NOPE')],
    ['lotInfo', () => genealogy.lotInfo('NOPE')],
  ])('%s throws UNKNOWN_LOT naming the lot', (_name, call) => {
    expect(call).toThrow('unknown lot "NOPE"');
    try {
      call();
    } catch (error) {
      expect(error).toBeInstanceOf(GenealogyError);
      expect((error as GenealogyError).code).toBe('UNKNOWN_LOT');
      expect((error as GenealogyError).lot).toBe('NOPE');
    }
  });

  it('treats a value that is not a lot code as an unknown lot', () => {
    const notACode = 42 as unknown as string;
    expect(genealogy.has(notACode)).toBe(false);
    expect(() => genealogy.traceBackward(notACode)).toThrow('unknown lot 42');
  });

  it('says so through has()', () => {
    expect(genealogy.has('NOPE')).toBe(false);
    expect(genealogy.has('TABLE-1')).toBe(true);
  });
});

describe('cycles', () => {
  const cyclic: GenealogyEdge[] = [
    { from: 'A', to: 'B', qty: 1 },
    { from: 'B', to: 'C', qty: 1 },
    { from: 'C', to: 'A', qty: 1 },
    { from: 'C', to: 'D', qty: 1 },
  ];

  it('terminates a trace on cyclic data and still reaches every lot once', () => {
    const genealogy = compileGenealogy(cyclic);
    expect(lotsOf(genealogy.traceForward('A').nodes)).toEqual(['B', 'C', 'D']);
    expect(lotsOf(genealogy.traceBackward('A').nodes)).toEqual(['B', 'C']);
  });

  it('finds a cycle in production order', () => {
    expect(compileGenealogy(cyclic).findCycle()).toEqual(['A', 'B', 'C', 'A']);
    expect(compileGenealogy(tableFactory).findCycle()).toBeNull();
  });

  it('rejects cyclic data when asked to validate, carrying the cycle path', () => {
    try {
      compileGenealogy(cyclic, { validate: true });
      expect.unreachable('a cycle must be rejected');
    } catch (error) {
      expect((error as GenealogyError).code).toBe('GENEALOGY_CYCLE');
      expect((error as GenealogyError).message).toBe(
        'genealogy cycle A > B > C > A: a lot cannot consume itself',
      );
      expect((error as GenealogyError).path).toEqual(['A', 'B', 'C', 'A']);
    }
  });

  it('reports a lot consuming itself as a cycle of one', () => {
    expect(compileGenealogy([{ from: 'A', to: 'A', qty: 1 }]).findCycle()).toEqual(['A', 'A']);
  });
});

describe('createGenealogyBuilder', () => {
  it('builds the same genealogy as the edge list', () => {
    const builder = createGenealogyBuilder();
    for (const { from, to, qty, ...details } of tableFactory) builder.add(from, to, qty, details);
    builder.setLot(customers[0]);
    const built = builder.build();
    const compiled = compileGenealogy(tableFactory, { lots: customers });
    expect(built.traceBackward('SHIP-1')).toEqual(compiled.traceBackward('SHIP-1'));
    expect(built.recallImpact('STEEL-1')).toEqual(compiled.recallImpact('STEEL-1'));
  });

  it('keeps every item, shipment and time while growing far past its capacity hints', () => {
    const builder = createGenealogyBuilder({ expectedEdges: 1, expectedLots: 1 });
    const chain = 3000;
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
    for (let i = 0; i < chain; i++) {
      builder.add(`LOT-${i}`, `LOT-${i + 1}`, i, {
        item: `ITEM-${i % 7}`,
        at: at(i),
        kind: i % 2 ? 'ship' : 'consume',
      });
    }
    const genealogy = builder.build();
    const trace = genealogy.traceBackward(`LOT-${chain}`);
    expect(trace.nodes).toHaveLength(chain);
    expect(
      trace.nodes.every(
        (n) => n.item === `ITEM-${Number(n.lot.slice(4)) % 7}` && n.depth === chain - Number(n.lot.slice(4)),
      ),
    ).toBe(true);
    expect(trace.edges.every((e) => e.at === at(Number(e.from.slice(4))))).toBe(true);
    expect(trace.edges.filter((e) => e.kind === 'ship')).toHaveLength(chain / 2);
  });

  it('refuses further records once built', () => {
    const builder = createGenealogyBuilder().add('A', 'B', 1);
    builder.build();
    expect(() => builder.add('B', 'C', 1)).toThrow(/already built/);
  });
});

describe('columnar input', () => {
  it('accepts lot ids with a lot-code dictionary and item column', () => {
    const genealogy = compileGenealogy({
      lotCodes: ['RAW', 'PART', 'SHIP'],
      lotItems: ['STEEL', null, undefined],
      from: new Int32Array([0, 1]),
      to: new Int32Array([1, 2]),
      qty: new Float64Array([3, 1]),
      kind: new Uint8Array([0, 1]),
    });
    expect(genealogy.traceForward('RAW').edges).toEqual([
      { from: 'RAW', to: 'PART', qty: 3 },
      { from: 'PART', to: 'SHIP', qty: 1, kind: 'ship' },
    ]);
    expect(genealogy.recallImpact('RAW').customerLots).toEqual(['SHIP']);
    expect(genealogy.lotInfo('RAW').item).toBe('STEEL');
  });

  it('accepts lot codes in plain arrays', () => {
    const genealogy = compileGenealogy({ from: ['A', 'B'], to: ['B', 'C'], qty: [1, 2] });
    expect(lotsOf(genealogy.traceBackward('C').nodes)).toEqual(['A', 'B']);
  });

  it('rejects ids outside the dictionary', () => {
    const bad = () => compileGenealogy({ lotCodes: ['A'], from: [0], to: [1], qty: [1] });
    expect(bad).toThrow('to[0] = 1 is not a lot id below 1');
  });

  it('rejects ids without a dictionary', () => {
    expect(() => compileGenealogy({ from: [0], to: [1], qty: [1] })).toThrow(/no lotCodes dictionary/);
  });

  it('rejects columns of different lengths', () => {
    const bad = () => compileGenealogy({ lotCodes: ['A', 'B'], from: [0, 1], to: [1], qty: [1, 1] });
    expect(bad).toThrow('column to has 1 entries, from has 2');
  });

  it('rejects a dictionary that repeats a lot code', () => {
    expect(() => compileGenealogy({ lotCodes: ['A', 'A'], from: [0], to: [1], qty: [1] })).toThrow(
      'lotCodes[1] repeats lot A',
    );
  });
});
