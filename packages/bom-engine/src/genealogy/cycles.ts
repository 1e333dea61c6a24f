import type { ForwardAdjacency, ReverseAdjacency } from './adjacency.js';

/**
 * One cycle as lot ids (first repeated at the end), or null when the genealogy is acyclic. O(V+E):
 * Kahn's algorithm peels every lot outside cycles; each remaining lot keeps a remaining
 * component, so walking components from any remaining lot must come back to a lot already walked.
 */
export function findCycle(
  lotCount: number,
  forward: ForwardAdjacency,
  reverse: ReverseAdjacency,
): number[] | null {
  const remainingInputs = new Int32Array(lotCount);
  for (let v = 0; v < lotCount; v++) remainingInputs[v] = reverse.offsets[v + 1] - reverse.offsets[v];
  const ready = new Int32Array(lotCount);
  let tail = 0;
  for (let v = 0; v < lotCount; v++) if (remainingInputs[v] === 0) ready[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const u = ready[head];
    for (let p = forward.offsets[u]; p < forward.offsets[u + 1]; p++) {
      const v = forward.targets[p];
      if (--remainingInputs[v] === 0) ready[tail++] = v;
    }
  }
  if (tail === lotCount) return null;

  let start = 0;
  while (remainingInputs[start] === 0) start++;
  const positionInWalk = new Int32Array(lotCount).fill(-1);
  const walk: number[] = [];
  let v = start;
  while (positionInWalk[v] === -1) {
    positionInWalk[v] = walk.length;
    walk.push(v);
    v = remainingComponent(v, reverse, remainingInputs);
  }
  // walk[i..] consumed each next lot backwards; reverse it to read in production order.
  const cycle = walk.slice(positionInWalk[v]).reverse();
  // Start at the earliest-known lot so the same data always reports the same rotation.
  const first = cycle.indexOf(Math.min(...cycle));
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  rotated.push(rotated[0]);
  return rotated;
}

function remainingComponent(v: number, reverse: ReverseAdjacency, remainingInputs: Int32Array): number {
  for (let p = reverse.offsets[v]; p < reverse.offsets[v + 1]; p++) {
    const u = reverse.sources[p];
    if (remainingInputs[u] > 0) return u;
  }
  throw new Error('unreachable: a lot left by Kahn peeling has a component left too');
}
