/**
 * Breadth-first reach over one CSR direction, costing only what the start lot reaches.
 *
 * The visited check is an epoch stamp: lot v belongs to the current walk when
 * `stamp[v] >= base`, and then `stamp[v] - base` is its slot in the queue. Moving `base` past
 * the last slot forgets a whole walk without clearing a V-sized array.
 */
export class Reacher {
  /** Lots in breadth-first order; slot 0 is the start lot. Valid until the next walk. */
  readonly queue: Int32Array;
  /** `layerStarts[d]` = first slot at depth d; one past the end marks the last layer. */
  readonly layerStarts: number[] = [];
  count = 0;
  /** Slots below this were expanded (their depth was under maxDepth). */
  expanded = 0;
  private readonly stamp: Int32Array;
  private base = 1;

  constructor(lotCount: number) {
    this.queue = new Int32Array(lotCount);
    this.stamp = new Int32Array(lotCount);
  }

  /** Slot of lot v in the last walk, or -1 if it was not reached. */
  slotOf(v: number): number {
    const slot = this.stamp[v] - this.base;
    return slot >= 0 && slot < this.count ? slot : -1;
  }

  walk(start: number, offsets: Int32Array, neighbours: Int32Array, maxDepth: number): void {
    this.forgetLastWalk();
    const { queue, stamp, layerStarts } = this;
    const base = this.base;
    layerStarts.length = 0;
    layerStarts.push(0);
    queue[0] = start;
    stamp[start] = base;
    let tail = 1;
    let head = 0;
    let depth = 0;
    while (head < tail && depth < maxDepth) {
      const layerEnd = tail;
      for (; head < layerEnd; head++) {
        const u = queue[head];
        for (let p = offsets[u], end = offsets[u + 1]; p < end; p++) {
          const v = neighbours[p];
          if (stamp[v] < base) {
            stamp[v] = base + tail;
            queue[tail++] = v;
          }
        }
      }
      depth++;
      layerStarts.push(layerEnd);
    }
    if (layerStarts[layerStarts.length - 1] !== tail) layerStarts.push(tail);
    this.count = tail;
    this.expanded = head;
  }

  private forgetLastWalk(): void {
    this.base += this.count;
    // Stamps are base + slot; restart from zero before they could overflow an int32.
    if (this.base + this.queue.length + 1 > 0x7fffffff) {
      this.stamp.fill(0);
      this.base = 1;
    }
    this.count = 0;
  }
}
