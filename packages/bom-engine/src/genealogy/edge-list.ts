/** Edges as parallel typed columns, the form every input is reduced to before the CSR build. */
export interface EdgeList {
  count: number;
  from: Int32Array;
  to: Int32Array;
  qty: Float64Array;
  /** 1 = ship edge; null when every edge is a consumption. */
  kind: Uint8Array | null;
  /** Epoch milliseconds, NaN = unknown; null when no edge has a time. */
  at: Float64Array | null;
}

/** A growable EdgeList: amortised O(1) append without one object per edge. */
export class EdgeListWriter {
  private list: EdgeList;

  constructor(expectedEdges = 1024) {
    const capacity = Math.max(16, expectedEdges);
    this.list = {
      count: 0,
      from: new Int32Array(capacity),
      to: new Int32Array(capacity),
      qty: new Float64Array(capacity),
      kind: null,
      at: null,
    };
  }

  get count(): number {
    return this.list.count;
  }

  push(from: number, to: number, qty: number, ship: boolean, at: number): void {
    const list = this.list;
    if (list.count === list.from.length) this.grow();
    const i = list.count++;
    list.from[i] = from;
    list.to[i] = to;
    list.qty[i] = qty;
    if (ship) {
      if (list.kind === null) list.kind = new Uint8Array(list.from.length);
      list.kind[i] = 1;
    }
    if (!Number.isNaN(at) || list.at !== null) {
      if (list.at === null) list.at = new Float64Array(list.from.length).fill(Number.NaN);
      list.at[i] = at;
    }
  }

  /** A view of the edges written so far; later pushes may reallocate, so use it before writing more. */
  view(): EdgeList {
    return { ...this.list };
  }

  private grow(): void {
    const list = this.list;
    const capacity = list.from.length * 2;
    list.from = grown(list.from, new Int32Array(capacity));
    list.to = grown(list.to, new Int32Array(capacity));
    list.qty = grown(list.qty, new Float64Array(capacity));
    if (list.kind) list.kind = grown(list.kind, new Uint8Array(capacity));
    if (list.at) list.at = grown(list.at, new Float64Array(capacity).fill(Number.NaN));
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
