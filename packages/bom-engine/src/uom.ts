import type { UomConversionInput } from './types.js';

const SEP = '\u0000';

/**
 * Finds the factor that turns a quantity in `from` into `to` for an item: an item-specific
 * conversion wins over a general one, inverses are implied, and chains (mm → cm → m) are followed.
 */
export class UomResolver {
  private readonly general = new Map<string, Map<string, number>>();
  private readonly perItem = new Map<string, Map<string, Map<string, number>>>();
  private readonly cache = new Map<string, number | null>();

  constructor(conversions: readonly UomConversionInput[]) {
    for (const c of conversions) {
      const graph = c.item === undefined ? this.general : this.itemGraph(c.item);
      link(graph, c.from, c.to, c.factor);
      link(graph, c.to, c.from, 1 / c.factor);
    }
  }

  /** The factor, or null when no chain of conversions connects the two units. */
  factor(item: string, from: string, to: string): number | null {
    if (from === to) return 1;
    const key = item + SEP + from + SEP + to;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const found = this.search(this.perItem.get(item), from, to);
    this.cache.set(key, found);
    return found;
  }

  private itemGraph(item: string): Map<string, Map<string, number>> {
    let graph = this.perItem.get(item);
    if (!graph) {
      graph = new Map();
      this.perItem.set(item, graph);
    }
    return graph;
  }

  // Breadth-first over units, item-specific edges first so they shadow general ones.
  private search(
    itemGraph: Map<string, Map<string, number>> | undefined,
    from: string,
    to: string,
  ): number | null {
    const seen = new Map<string, number>([[from, 1]]);
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const unit = queue[head]!;
      const base = seen.get(unit)!;
      for (const graph of itemGraph ? [itemGraph, this.general] : [this.general]) {
        const edges = graph.get(unit);
        if (!edges) continue;
        for (const [next, f] of edges) {
          if (seen.has(next)) continue;
          const value = base * f;
          if (next === to) return value;
          seen.set(next, value);
          queue.push(next);
        }
      }
    }
    return null;
  }
}

function link(graph: Map<string, Map<string, number>>, from: string, to: string, factor: number): void {
  let edges = graph.get(from);
  if (!edges) {
    edges = new Map();
    graph.set(from, edges);
  }
  if (!edges.has(to)) edges.set(to, factor);
}
