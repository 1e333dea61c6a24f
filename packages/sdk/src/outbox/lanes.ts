import { compareEntries } from './entry-store.js';
import type { OutboxEntry } from './types.js';

/**
 * Pending entries grouped by order key, each lane in capture order. Only a lane's head may be
 * in flight, which is what keeps a work order's reports in order; entries without an order key
 * each get a lane of their own.
 */
export class Lanes {
  private readonly lanes = new Map<string, OutboxEntry[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  static laneOf(entry: OutboxEntry): string {
    return entry.orderKey === undefined ? `id:${entry.id}` : `key:${entry.orderKey}`;
  }

  /** Adds in capture order (appending is the usual case: a new capture has the highest seq). */
  add(entry: OutboxEntry): void {
    const lane = Lanes.laneOf(entry);
    const entries = this.lanes.get(lane) ?? [];
    let index = entries.length;
    while (index > 0 && compareEntries(entries[index - 1], entry) > 0) index--;
    entries.splice(index, 0, entry);
    this.lanes.set(lane, entries);
    this.count++;
  }

  /** Replaces the stored version of an entry (same id) in place. */
  replace(entry: OutboxEntry): void {
    const entries = this.lanes.get(Lanes.laneOf(entry));
    const index = entries?.findIndex((candidate) => candidate.id === entry.id) ?? -1;
    if (entries && index >= 0) entries[index] = entry;
  }

  remove(entry: OutboxEntry): void {
    const lane = Lanes.laneOf(entry);
    const entries = this.lanes.get(lane);
    const index = entries?.findIndex((candidate) => candidate.id === entry.id) ?? -1;
    if (!entries || index < 0) return;
    entries.splice(index, 1);
    this.count--;
    if (entries.length === 0) this.lanes.delete(lane);
  }

  /** Heads of lanes not in `busy` whose backoff is over, oldest capture first. */
  dueHeads(
    now: number,
    busy: { has(lane: string): boolean },
    deliverable: (entry: OutboxEntry) => boolean = () => true,
  ): OutboxEntry[] {
    const heads: OutboxEntry[] = [];
    for (const [lane, entries] of this.lanes) {
      const head = entries[0];
      if (!busy.has(lane) && head.nextAttemptAt <= now && deliverable(head)) heads.push(head);
    }
    return heads.sort(compareEntries);
  }

  /** Ends every backoff (in memory only: stored times are advisory), e.g. when the network returns. */
  makeAllDue(): void {
    for (const entries of this.lanes.values()) {
      entries.forEach((entry, index) => {
        if (entry.nextAttemptAt > 0) entries[index] = Object.freeze({ ...entry, nextAttemptAt: 0 });
      });
    }
  }

  /** Earliest time a deliverable lane head becomes due, or undefined when none is pending. */
  nextDueAt(deliverable: (entry: OutboxEntry) => boolean = () => true): number | undefined {
    let earliest: number | undefined;
    for (const entries of this.lanes.values()) {
      if (!deliverable(entries[0])) continue;
      const at = entries[0].nextAttemptAt;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }

  all(): OutboxEntry[] {
    return [...this.lanes.values()].flat().sort(compareEntries);
  }
}
