/**
 * The physical floor of a summary explosion: one pass over the edges reachable from the root,
 * in parent-topological order, on typed arrays: acc[child] += acc[parent] × factor[edge].
 * No validation, no dates, no result objects: the least work any engine can do.
 */
import { type FlatBom, linesByParent } from './flat-bom.js';

export interface FloorPlan {
  root: number;
  itemCount: number;
  parent: Int32Array;
  child: Int32Array;
  factor: Float64Array;
}

/** Prepared once, outside the timing: the reachable edges sorted by their parent's topological rank. */
export function planFloor(flat: FlatBom, rootCode: string): FloorPlan {
  const root = flat.indexOf.get(rootCode);
  if (root === undefined) throw new RangeError(`unknown item ${rootCode}`);
  const { start, lines } = linesByParent(flat);
  const reached = new Uint8Array(flat.codes.length);
  reached[root] = 1;
  const edges: number[] = [];
  for (const item of flat.topologicalOrder) {
    if (!reached[item]) continue;
    for (let k = start[item]; k < start[item + 1]; k++) {
      edges.push(lines[k]);
      reached[flat.lineChild[lines[k]]] = 1;
    }
  }
  return {
    root,
    itemCount: flat.codes.length,
    parent: Int32Array.from(edges, (line) => flat.lineParent[line]),
    child: Int32Array.from(edges, (line) => flat.lineChild[line]),
    factor: Float64Array.from(edges, (line) => flat.lineFactor[line]),
  };
}

/** The timed part: zero the accumulator, seed the root, one pass. */
export function runFloor(plan: FloorPlan, qty: number, acc: Float64Array): Float64Array {
  acc.fill(0);
  acc[plan.root] = qty;
  const { parent, child, factor } = plan;
  for (let e = 0; e < parent.length; e++) acc[child[e]] += acc[parent[e]] * factor[e];
  return acc;
}

/** The floor's accumulator as requirements (phantoms and the root left out), for the answer check. */
export function floorRequirements(flat: FlatBom, plan: FloorPlan, acc: Float64Array): Map<string, number> {
  const result = new Map<string, number>();
  for (let e = 0; e < plan.child.length; e++) {
    const item = plan.child[e];
    if (flat.types[item] !== 'phantom') result.set(flat.codes[item], acc[item]);
  }
  return result;
}
