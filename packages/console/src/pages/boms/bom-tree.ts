import type { TreeRow } from '@shopfloor/sdk';

/** A row of the indented BOM as a nested node, the shape antd's tree table takes. */
export interface BomNode extends TreeRow {
  key: string;
  children?: BomNode[];
}

/**
 * The explosion's rows (depth-first, each with its level) nested under their parents. The key is
 * the row's position: the same component can sit twice under one parent (two lines, or a phantom).
 */
export function nestTreeRows(rows: readonly TreeRow[]): BomNode[] {
  const roots: BomNode[] = [];
  const open: BomNode[] = []; // open[level - 1] is the last node seen at that level
  rows.forEach((row, index) => {
    const node: BomNode = { ...row, key: String(index) };
    open.length = Math.max(0, row.level - 1);
    const parent = open[row.level - 2];
    if (row.level > 1 && parent) {
      parent.children ??= [];
      parent.children.push(node);
    } else roots.push(node);
    open[row.level - 1] = node;
  });
  return roots;
}

/** Keys of every node that has children: the tree opens fully by default. */
export function parentKeys(nodes: readonly BomNode[]): string[] {
  return nodes.flatMap((n) => (n.children?.length ? [n.key, ...parentKeys(n.children)] : []));
}

/** The distinct item codes in the rows, in first-seen order (for looking up their names). */
export function distinctItems(rows: readonly { item: string }[]): string[] {
  return [...new Set(rows.map((r) => r.item))];
}
