import type { LotTrace, LotTreeNode } from '@shopfloor/sdk';

/** One visible line of the indented trace tree. */
export interface TraceRow {
  /** Position of the node in the whole tree, depth-first: unique even when a lot repeats. */
  key: string;
  lot: string;
  item?: string;
  qty?: number;
  depth: number;
  /** The lot was already expanded higher up: shown once more as "见上", without children. */
  repeat: boolean;
  childCount: number;
  collapsed: boolean;
}

/**
 * Visits every node depth-first (children in order) with its key, the node's position in that
 * walk. An explicit stack: a deep genealogy must not overflow the call stack. `visit` returning
 * false skips the node's children (they still get their keys, so keys never shift).
 */
function walk(root: LotTreeNode, visit: (node: LotTreeNode, key: string, hidden: boolean) => boolean): void {
  const stack: { node: LotTreeNode; hidden: boolean }[] = [{ node: root, hidden: false }];
  let index = 0;
  while (stack.length > 0) {
    const { node, hidden } = stack.pop()!;
    const open = visit(node, String(index++), hidden);
    if (node.repeat) continue;
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i]!, hidden: hidden || !open });
    }
  }
}

/** The tree as the lines to draw, depth-first, leaving out the children of collapsed nodes. */
export function flattenTree(root: LotTreeNode, collapsed: ReadonlySet<string>): TraceRow[] {
  const rows: TraceRow[] = [];
  walk(root, (node, key, hidden) => {
    const childCount = node.repeat ? 0 : node.children.length;
    const isCollapsed = childCount > 0 && collapsed.has(key);
    if (!hidden) {
      rows.push({
        key,
        lot: node.lot,
        ...(node.item !== undefined ? { item: node.item } : {}),
        ...(node.qty !== undefined ? { qty: node.qty } : {}),
        depth: node.depth,
        repeat: node.repeat === true,
        childCount,
        collapsed: isCollapsed,
      });
    }
    return !isCollapsed;
  });
  return rows;
}

/** Keys of every node with children to show (what "expand all" opens and "collapse all" closes). */
export function expandableKeys(root: LotTreeNode): string[] {
  const keys: string[] = [];
  walk(root, (node, key) => {
    if (!node.repeat && node.children.length > 0) keys.push(key);
    return true;
  });
  return keys;
}

/**
 * What starts collapsed: nodes at `openDepth` and deeper, so a large genealogy opens readable;
 * a small one (at most `smallTree` lines) opens fully.
 */
export function initialCollapsed(root: LotTreeNode, openDepth = 2, smallTree = 40): Set<string> {
  const collapsed = new Set<string>();
  let lines = 0;
  walk(root, (node, key) => {
    lines += 1;
    if (!node.repeat && node.children.length > 0 && node.depth >= openDepth) collapsed.add(key);
    return true;
  });
  return lines <= smallTree ? new Set() : collapsed;
}

/** Adds `key` to the set or takes it out, as a new set. */
export function toggleKey(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/**
 * The display tree of a trace: the server's `tree` when it sent one, else built from the edges
 * (backward: what went into a lot; forward: where it went), each lot expanded once.
 */
export function traceTree(trace: LotTrace): LotTreeNode {
  if (trace.tree) return trace.tree;
  const next = new Map<string, { lot: string; item: string; qty: number }[]>();
  for (const e of trace.edges) {
    const [from, to, item] =
      trace.direction === 'backward' ? [e.to, e.from, e.fromItem] : [e.from, e.to, e.toItem];
    const list = next.get(from) ?? [];
    list.push({ lot: to, item, qty: e.qty });
    next.set(from, list);
  }
  const expanded = new Set<string>();
  const build = (
    lot: string,
    item: string | undefined,
    qty: number | undefined,
    depth: number,
  ): LotTreeNode => {
    const node: LotTreeNode = {
      lot,
      ...(item ? { item } : {}),
      ...(qty !== undefined ? { qty } : {}),
      depth,
      children: [],
    };
    if (expanded.has(lot)) return { ...node, repeat: true };
    expanded.add(lot);
    const children = [...(next.get(lot) ?? [])].sort((a, b) => a.lot.localeCompare(b.lot));
    node.children = children.map((c) => build(c.lot, c.item, c.qty, depth + 1));
    return node;
  };
  return build(trace.lot, trace.item, undefined, 0);
}

/** Lots reached (the asked lot not counted) and the deepest level. */
export function traceStats(trace: LotTrace): { lots: number; depth: number } {
  let depth = 0;
  const lots = new Set<string>();
  for (const n of trace.nodes) {
    if (n.depth === 0) continue;
    lots.add(n.lot);
    depth = Math.max(depth, n.depth);
  }
  return { lots: lots.size, depth };
}

export type LotInput = { lot: string } | { error: 'empty' | 'operation-qr' | 'too-long' };

/**
 * What was typed or scanned, as a lot code: a plain code, trimmed. An operation QR
 * (`SF1:OP:…`) is refused with its own reason: the person scanned the wrong label.
 */
export function parseLotInput(text: string | undefined): LotInput {
  const lot = (text ?? '').trim();
  if (!lot) return { error: 'empty' };
  if (/^SF\d+:OP:/i.test(lot)) return { error: 'operation-qr' };
  if (lot.length > 64) return { error: 'too-long' };
  return { lot };
}

/** The recent lots list with `lot` moved to the front, at most `max` long. */
export function pushRecent(recent: readonly string[], lot: string, max = 6): string[] {
  return [lot, ...recent.filter((l) => l !== lot)].slice(0, max);
}
