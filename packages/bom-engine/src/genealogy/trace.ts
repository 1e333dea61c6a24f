import type { GenealogyTrace, GenealogyTreeNode, TraceDirection, TraceEdge, TraceNode } from './types.js';

/** A trace result; `toTree()` nests it for display, computed on demand. */
export class LotTrace implements GenealogyTrace {
  readonly lot: string;
  readonly item?: string;
  readonly direction: TraceDirection;
  readonly nodes: TraceNode[];
  readonly edges: TraceEdge[];

  constructor(
    lot: string,
    item: string | undefined,
    direction: TraceDirection,
    nodes: TraceNode[],
    edges: TraceEdge[],
  ) {
    this.lot = lot;
    if (item !== undefined) this.item = item;
    this.direction = direction;
    this.nodes = nodes;
    this.edges = edges;
  }

  /**
   * Breadth-first over the trace edges, so a lot shared by several parents is expanded under its
   * shallowest parent (first in input order among equals) and shown as `repeat` elsewhere.
   */
  toTree(): GenealogyTreeNode {
    const backward = this.direction === 'backward';
    const edgesByNearLot = new Map<string, TraceEdge[]>();
    for (const edge of this.edges) {
      const near = backward ? edge.to : edge.from;
      const list = edgesByNearLot.get(near);
      if (list === undefined) edgesByNearLot.set(near, [edge]);
      else list.push(edge);
    }
    const itemOf = new Map<string, string>();
    for (const node of this.nodes) if (node.item !== undefined) itemOf.set(node.lot, node.item);

    const root = treeNode(this.lot, this.item, undefined, 0);
    const expanded = new Set<string>([this.lot]);
    const pending: GenealogyTreeNode[] = [root];
    for (let head = 0; head < pending.length; head++) {
      const parent = pending[head];
      for (const edge of edgesByNearLot.get(parent.lot) ?? []) {
        const lot = backward ? edge.from : edge.to;
        const child = treeNode(lot, itemOf.get(lot), edge.qty, parent.depth + 1);
        if (expanded.has(lot)) child.repeat = true;
        else {
          expanded.add(lot);
          pending.push(child);
        }
        parent.children.push(child);
      }
    }
    return root;
  }
}

function treeNode(
  lot: string,
  item: string | undefined,
  qty: number | undefined,
  depth: number,
): GenealogyTreeNode {
  // Keys in reading order, optional ones only when known.
  return {
    lot,
    ...(item === undefined ? {} : { item }),
    ...(qty === undefined ? {} : { qty }),
    depth,
    children: [],
  };
}
