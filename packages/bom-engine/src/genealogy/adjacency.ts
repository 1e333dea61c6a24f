import type { EdgeList } from './edge-list.js';

/**
 * Forward CSR: the consumers of lot u are `targets[offsets[u] .. offsets[u+1])`. Edge attributes
 * live only here, indexed by forward edge position; the reverse CSR points back into them.
 */
export interface ForwardAdjacency {
  offsets: Int32Array;
  targets: Int32Array;
  qty: Float64Array;
  kind: Uint8Array | null;
  at: Float64Array | null;
}

/** Reverse CSR: the components of lot v are `sources[offsets[v] .. offsets[v+1])`, `edge` = forward position. */
export interface ReverseAdjacency {
  offsets: Int32Array;
  sources: Int32Array;
  edge: Int32Array;
}

/** Counting sort by `from` (O(V+E), stable), then duplicate (from, to) pairs merged into one edge. */
export function buildForward(lotCount: number, edges: EdgeList): ForwardAdjacency {
  const { count, from, to, qty, kind, at } = edges;
  const offsets = new Int32Array(lotCount + 1);
  for (let e = 0; e < count; e++) offsets[from[e] + 1]++;
  for (let u = 0; u < lotCount; u++) offsets[u + 1] += offsets[u];

  const cursor = offsets.slice(0, lotCount);
  const targets = new Int32Array(count);
  const sortedQty = new Float64Array(count);
  const sortedKind = kind === null ? null : new Uint8Array(count);
  const sortedAt = at === null ? null : new Float64Array(count);
  for (let e = 0; e < count; e++) {
    const p = cursor[from[e]]++;
    targets[p] = to[e];
    sortedQty[p] = qty[e];
    if (sortedKind !== null) sortedKind[p] = kind![e];
    if (sortedAt !== null) sortedAt[p] = at![e];
  }
  return mergeDuplicates(
    lotCount,
    { offsets, targets, qty: sortedQty, kind: sortedKind, at: sortedAt },
    cursor,
  );
}

/**
 * Compacts each row in place, summing qty of repeated targets. `scratch` (length V) is reused:
 * `rowOf[t]` says in which row target t was last seen, `slotOf[t]` where it was written.
 */
function mergeDuplicates(
  lotCount: number,
  adjacency: ForwardAdjacency,
  scratch: Int32Array,
): ForwardAdjacency {
  const { offsets, targets, qty, kind, at } = adjacency;
  const rowOf = scratch.fill(-1);
  const slotOf = new Int32Array(lotCount);
  let write = 0;
  let rowStart = 0;
  for (let u = 0; u < lotCount; u++) {
    const rowEnd = offsets[u + 1];
    offsets[u] = write;
    for (let p = rowStart; p < rowEnd; p++) {
      const t = targets[p];
      if (rowOf[t] === u) {
        const slot = slotOf[t];
        qty[slot] += qty[p];
        if (kind !== null && kind[p] === 1) kind[slot] = 1; // a pair that was ever shipped stays a shipment
        if (at !== null && (Number.isNaN(at[slot]) || at[p] < at[slot])) at[slot] = at[p]; // earliest time
        continue;
      }
      rowOf[t] = u;
      slotOf[t] = write;
      targets[write] = t;
      qty[write] = qty[p];
      if (kind !== null) kind[write] = kind[p];
      if (at !== null) at[write] = at[p];
      write++;
    }
    rowStart = rowEnd;
  }
  offsets[lotCount] = write;
  if (write === targets.length) return adjacency;
  return {
    offsets,
    targets: targets.slice(0, write),
    qty: qty.slice(0, write),
    kind: kind === null ? null : kind.slice(0, write),
    at: at === null ? null : at.slice(0, write),
  };
}

/** Transposes the forward CSR with a counting sort; rows come out ordered by source id. */
export function buildReverse(lotCount: number, forward: ForwardAdjacency): ReverseAdjacency {
  const { offsets: forwardOffsets, targets } = forward;
  const edgeCount = targets.length;
  const offsets = new Int32Array(lotCount + 1);
  for (let p = 0; p < edgeCount; p++) offsets[targets[p] + 1]++;
  for (let v = 0; v < lotCount; v++) offsets[v + 1] += offsets[v];

  const cursor = offsets.slice(0, lotCount);
  const sources = new Int32Array(edgeCount);
  const edge = new Int32Array(edgeCount);
  for (let u = 0; u < lotCount; u++) {
    for (let p = forwardOffsets[u]; p < forwardOffsets[u + 1]; p++) {
      const q = cursor[targets[p]]++;
      sources[q] = u;
      edge[q] = p;
    }
  }
  return { offsets, sources, edge };
}
