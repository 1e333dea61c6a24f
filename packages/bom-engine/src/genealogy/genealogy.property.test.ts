import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGenealogy, type Genealogy, type GenealogyEdge } from './index.js';

const lotName = (i: number) => `L${i}`;

interface RandomGenealogy {
  lotCount: number;
  edges: GenealogyEdge[];
}

/** Random genealogies over lots L0..Ln-1 with integer quantities (so sums are exact in any order). */
function randomGenealogy(acyclic: boolean): fc.Arbitrary<RandomGenealogy> {
  return fc.integer({ min: 1, max: 25 }).chain((lotCount) =>
    fc
      .array(
        fc.record({
          a: fc.nat({ max: lotCount - 1 }),
          b: fc.nat({ max: lotCount - 1 }),
          qty: fc.integer({ min: 0, max: 9 }),
          ship: fc.boolean(),
        }),
        { maxLength: lotCount * 3 },
      )
      .map((raw) => ({
        lotCount,
        edges: raw
          // A DAG: lots are only consumed into later lots.
          .filter(({ a, b }) => !acyclic || a < b)
          .map(
            ({ a, b, qty, ship }): GenealogyEdge => ({
              from: lotName(a),
              to: lotName(b),
              qty,
              ...(ship ? { kind: 'ship' as const } : {}),
            }),
          ),
      })),
  );
}

function compile({ lotCount, edges }: RandomGenealogy): Genealogy {
  return compileGenealogy(edges, { lots: Array.from({ length: lotCount }, (_, i) => ({ lot: lotName(i) })) });
}

interface ReferenceTrace {
  depth: Map<string, number>;
  qty: Map<string, number>;
  edges: Set<string>;
}

/** The obvious BFS over a Map adjacency built from the raw records. */
function referenceTrace(
  edges: GenealogyEdge[],
  start: string,
  backward: boolean,
  maxDepth = Infinity,
): ReferenceTrace {
  const merged = new Map<string, { from: string; to: string; qty: number }>();
  for (const { from, to, qty } of edges) {
    const key = `${from}>${to}`;
    const edge = merged.get(key);
    if (edge) edge.qty += qty;
    else merged.set(key, { from, to, qty });
  }
  const next = new Map<string, { lot: string; qty: number; key: string }[]>();
  for (const [key, { from, to, qty }] of merged) {
    const near = backward ? to : from;
    const list = next.get(near) ?? [];
    list.push({ lot: backward ? from : to, qty, key });
    next.set(near, list);
  }
  const depth = new Map([[start, 0]]);
  const qty = new Map<string, number>();
  const followed = new Set<string>();
  let layer = [start];
  for (let d = 0; d < maxDepth && layer.length > 0; d++) {
    const nextLayer: string[] = [];
    for (const lot of layer) {
      for (const edge of next.get(lot) ?? []) {
        followed.add(edge.key);
        qty.set(edge.lot, (qty.get(edge.lot) ?? 0) + edge.qty);
        if (!depth.has(edge.lot)) {
          depth.set(edge.lot, d + 1);
          nextLayer.push(edge.lot);
        }
      }
    }
    layer = nextLayer;
  }
  depth.delete(start);
  qty.delete(start);
  return { depth, qty, edges: followed };
}

function asReference(trace: ReturnType<Genealogy['traceBackward']>): ReferenceTrace {
  return {
    depth: new Map(trace.nodes.map((n) => [n.lot, n.depth])),
    qty: new Map(trace.nodes.map((n) => [n.lot, n.qty])),
    edges: new Set(trace.edges.map((e) => `${e.from}>${e.to}`)),
  };
}

const genealogyAndLot = (acyclic: boolean) =>
  randomGenealogy(acyclic).chain((g) =>
    fc.tuple(fc.constant(g), fc.nat({ max: g.lotCount - 1 }).map(lotName)),
  );

const depthLimit = fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined });

describe('genealogy traces (properties)', () => {
  it('traceBackward and traceForward equal a simple reference BFS: lots, shortest depths, quantities, edges', () => {
    fc.assert(
      fc.property(genealogyAndLot(true), depthLimit, ([g, lot], maxDepth) => {
        const genealogy = compile(g);
        for (const backward of [true, false]) {
          const trace = backward
            ? genealogy.traceBackward(lot, { maxDepth })
            : genealogy.traceForward(lot, { maxDepth });
          expect(asReference(trace)).toEqual(referenceTrace(g.edges, lot, backward, maxDepth));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('terminates on cyclic genealogies and still equals the reference BFS', () => {
    fc.assert(
      fc.property(genealogyAndLot(false), depthLimit, ([g, lot], maxDepth) => {
        const genealogy = compile(g);
        expect(asReference(genealogy.traceForward(lot, { maxDepth }))).toEqual(
          referenceTrace(g.edges, lot, false, maxDepth),
        );
        expect(asReference(genealogy.traceBackward(lot, { maxDepth }))).toEqual(
          referenceTrace(g.edges, lot, true, maxDepth),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('is dual: y is in forward(x) exactly when x is in backward(y)', () => {
    fc.assert(
      fc.property(randomGenealogy(false), (g) => {
        const genealogy = compile(g);
        const lots = Array.from({ length: g.lotCount }, (_, i) => lotName(i));
        const forward = new Map(
          lots.map((x) => [x, new Set(genealogy.traceForward(x).nodes.map((n) => n.lot))]),
        );
        for (const y of lots) {
          const backward = new Set(genealogy.traceBackward(y).nodes.map((n) => n.lot));
          for (const x of lots) expect(forward.get(x)!.has(y)).toBe(backward.has(x));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never reports a lot deeper than maxDepth', () => {
    fc.assert(
      fc.property(genealogyAndLot(false), fc.integer({ min: 0, max: 3 }), ([g, lot], maxDepth) => {
        const nodes = compile(g).traceBackward(lot, { maxDepth }).nodes;
        expect(nodes.every((n) => n.depth >= 1 && n.depth <= maxDepth)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('finds finished and customer lots of a recall only among the suspect and the lots it went into', () => {
    fc.assert(
      fc.property(genealogyAndLot(true), ([g, lot]) => {
        const genealogy = compile(g);
        const affected = new Set([lot, ...genealogy.traceForward(lot).nodes.map((n) => n.lot)]);
        const impact = genealogy.recallImpact(lot);
        expect(impact.affectedLots).toBe(affected.size);
        for (const reached of [...impact.finishedLots, ...impact.customerLots])
          expect(affected.has(reached)).toBe(true);
        // Every affected end lot is either finished or customer-facing.
        for (const end of affected) {
          if (genealogy.traceForward(end, { maxDepth: 1 }).nodes.length === 0) {
            expect([...impact.finishedLots, ...impact.customerLots]).toContain(end);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('builds identical traces from columnar and object input', () => {
    fc.assert(
      fc.property(genealogyAndLot(false), ([g, lot]) => {
        const lotCodes = Array.from({ length: g.lotCount }, (_, i) => lotName(i));
        const id = (code: string) => Number(code.slice(1));
        const columnar = compileGenealogy({
          lotCodes,
          from: Int32Array.from(g.edges, (e) => id(e.from)),
          to: Int32Array.from(g.edges, (e) => id(e.to)),
          qty: Float64Array.from(g.edges, (e) => e.qty),
          kind: Uint8Array.from(g.edges, (e) => (e.kind === 'ship' ? 1 : 0)),
        });
        const objects = compile(g);
        expect(columnar.lotCount).toBe(objects.lotCount);
        expect(columnar.edgeCount).toBe(objects.edgeCount);
        expect(columnar.traceBackward(lot)).toEqual(objects.traceBackward(lot));
        expect(columnar.traceForward(lot)).toEqual(objects.traceForward(lot));
        expect(columnar.recallImpact(lot)).toEqual(objects.recallImpact(lot));
      }),
      { numRuns: 150 },
    );
  });

  it('finds a cycle exactly when one exists, and the reported path is made of real edges', () => {
    fc.assert(
      fc.property(randomGenealogy(false), (g) => {
        const genealogy = compile(g);
        const cycle = genealogy.findCycle();
        const hasCycle = Array.from({ length: g.lotCount }, (_, i) => lotName(i)).some((x) =>
          genealogy.traceForward(x).edges.some((e) => e.to === x),
        );
        expect(cycle !== null).toBe(hasCycle);
        if (cycle !== null) {
          expect(cycle[0]).toBe(cycle[cycle.length - 1]);
          const pairs = new Set(g.edges.map((e) => `${e.from}>${e.to}`));
          for (let i = 0; i + 1 < cycle.length; i++)
            expect(pairs.has(`${cycle[i]}>${cycle[i + 1]}`)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('expands every reached lot exactly once in the tree', () => {
    fc.assert(
      fc.property(genealogyAndLot(false), fc.boolean(), ([g, lot], backward) => {
        const genealogy = compile(g);
        const trace = backward ? genealogy.traceBackward(lot) : genealogy.traceForward(lot);
        const expanded: string[] = [];
        const visit = (node: ReturnType<typeof trace.toTree>) => {
          if (!node.repeat) expanded.push(node.lot);
          node.children.forEach(visit);
        };
        visit(trace.toTree());
        expect(expanded.sort()).toEqual([lot, ...trace.nodes.map((n) => n.lot)].sort());
      }),
      { numRuns: 150 },
    );
  });
});
