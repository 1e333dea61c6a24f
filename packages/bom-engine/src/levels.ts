/**
 * Finds one cycle by iterative depth-first search in O(V+E), or null.
 * The result lists item ids from the cycle's entry back to itself: [p, q, r, p].
 */
export function findCycle(n: number, childStart: Int32Array, lineChild: Int32Array): number[] | null {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const color = new Uint8Array(n);
  const stack = new Int32Array(n);
  const cursor = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (color[root] !== WHITE) continue;
    let top = 0;
    stack[0] = root;
    cursor[0] = childStart[root]!;
    color[root] = GREY;
    while (top >= 0) {
      const v = stack[top]!;
      const k = cursor[top]!;
      if (k === childStart[v + 1]) {
        color[v] = BLACK;
        top--;
        continue;
      }
      cursor[top] = k + 1;
      const c = lineChild[k]!;
      if (color[c] === GREY) {
        const path: number[] = [];
        let at = top;
        while (stack[at] !== c) at--;
        for (let i = at; i <= top; i++) path.push(stack[i]!);
        path.push(c);
        return path;
      }
      if (color[c] === WHITE) {
        color[c] = GREY;
        top++;
        stack[top] = c;
        cursor[top] = childStart[c]!;
      }
    }
  }
  return null;
}

export interface Levels {
  llc: Int32Array;
  maxLlc: number;
  topo: Int32Array;
  topoPos: Int32Array;
}

/**
 * Low-level codes by Kahn's algorithm in O(V+E): an item's code is its longest distance from a
 * top-level item, so each item sits below every parent. Requires an acyclic graph.
 */
export function levelize(n: number, childStart: Int32Array, lineChild: Int32Array): Levels {
  const indegree = new Int32Array(n);
  const m = childStart[n]!;
  for (let e = 0; e < m; e++) indegree[lineChild[e]!]++;
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue[tail++] = v;
  const llc = new Int32Array(n);
  let maxLlc = 0;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    const next = llc[v]! + 1;
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
      const c = lineChild[k]!;
      if (llc[c]! < next) llc[c] = next;
      if (--indegree[c] === 0) queue[tail++] = c;
    }
    if (llc[v]! > maxLlc) maxLlc = llc[v]!;
  }
  // Counting sort by level, stable by id: a deterministic order where parents precede children.
  const bucket = new Int32Array(maxLlc + 2);
  for (let v = 0; v < n; v++) bucket[llc[v]! + 1]++;
  for (let l = 0; l <= maxLlc; l++) bucket[l + 1] += bucket[l]!;
  const topo = new Int32Array(n);
  const topoPos = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const pos = bucket[llc[v]!]++;
    topo[pos] = v;
    topoPos[v] = pos;
  }
  return { llc, maxLlc, topo, topoPos };
}
