/**
 * The plain, engine-independent reading of a BomDocument that every baseline shares: item
 * indexes, the lines effective at a date with their per-parent-unit factor
 * (qty × (1 + scrapRate) × UoM conversion), and a topological order (parents first).
 */
import type { BomDocument, ItemType } from '../../packages/bom-engine/src/types.js';

export interface FlatBom {
  codes: string[];
  indexOf: Map<string, number>;
  types: ItemType[];
  uoms: string[];
  lineParent: Int32Array;
  lineChild: Int32Array;
  /** Child quantity per one unit of the parent, in the child's unit, scrap included. */
  lineFactor: Float64Array;
  /** The line as written, for baselines that store it (the SQL tables). */
  lineSource: Array<{
    qty: number;
    scrapRate: number;
    uomFactor: number;
    effectiveFrom: string | null;
    effectiveTo: string | null;
  }>;
  /** Every item, parents before their children. */
  topologicalOrder: Int32Array;
}

export class BaselineInputError extends Error {
  override name = 'BaselineInputError';
}

const isEffective = (from: string | null | undefined, to: string | null | undefined, date: string) =>
  (from == null || from <= date) && (to == null || to >= date);

/** Lines effective at `date` (all lines when date is undefined). */
export function flattenBom(doc: BomDocument, date?: string): FlatBom {
  const codes = doc.items.map((item) => item.code);
  const indexOf = new Map(codes.map((code, i) => [code, i]));
  const conversion = conversionLookup(doc);
  const effective = doc.bomLines.filter(
    (line) => date === undefined || isEffective(line.effectiveFrom, line.effectiveTo, date),
  );
  const lineParent = new Int32Array(effective.length);
  const lineChild = new Int32Array(effective.length);
  const lineFactor = new Float64Array(effective.length);
  const lineSource: FlatBom['lineSource'] = [];
  for (const [i, line] of effective.entries()) {
    const parent = indexOf.get(line.parent);
    const child = indexOf.get(line.child);
    if (parent === undefined || child === undefined) {
      throw new BaselineInputError(`line ${line.parent} > ${line.child} names an unknown item`);
    }
    const childItem = doc.items[child];
    lineParent[i] = parent;
    lineChild[i] = child;
    const uomFactor = conversion(line.uom ?? childItem.uom, childItem.uom, line.child);
    const scrapRate = line.scrapRate ?? 0;
    lineFactor[i] = line.qty * (1 + scrapRate) * uomFactor;
    lineSource.push({
      qty: line.qty,
      scrapRate,
      uomFactor,
      effectiveFrom: line.effectiveFrom ?? null,
      effectiveTo: line.effectiveTo ?? null,
    });
  }
  const flat: FlatBom = {
    codes,
    indexOf,
    types: doc.items.map((item) => item.type),
    uoms: doc.items.map((item) => item.uom),
    lineParent,
    lineChild,
    lineFactor,
    lineSource,
    topologicalOrder: new Int32Array(0),
  };
  flat.topologicalOrder = topologicalOrder(flat);
  return flat;
}

/** Direct conversions only (item-specific first, then generic, either direction). */
function conversionLookup(doc: BomDocument) {
  const factors = new Map<string, number>();
  for (const c of doc.uomConversions ?? []) {
    const scope = c.item ?? '*';
    factors.set(`${scope}|${c.from}|${c.to}`, c.factor);
    factors.set(`${scope}|${c.to}|${c.from}`, 1 / c.factor);
  }
  return (from: string, to: string, item: string): number => {
    if (from === to) return 1;
    const factor = factors.get(`${item}|${from}|${to}`) ?? factors.get(`*|${from}|${to}`);
    if (factor === undefined) throw new BaselineInputError(`no conversion from ${from} to ${to} for ${item}`);
    return factor;
  };
}

/** Kahn's algorithm over the lines; throws on a cycle (the generators never make one). */
function topologicalOrder(flat: FlatBom): Int32Array {
  const n = flat.codes.length;
  const inDegree = new Int32Array(n);
  for (const child of flat.lineChild) inDegree[child]++;
  const { start, lines } = linesByParent(flat);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (inDegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const item = order[head++];
    for (let k = start[item]; k < start[item + 1]; k++) {
      const child = flat.lineChild[lines[k]];
      if (--inDegree[child] === 0) order[tail++] = child;
    }
  }
  if (tail !== n) throw new BaselineInputError('the document has a cycle');
  return order;
}

/** CSR index of line numbers grouped by parent: lines[start[p] .. start[p + 1]) belong to p. */
export function linesByParent(flat: Pick<FlatBom, 'codes' | 'lineParent'>): {
  start: Int32Array;
  lines: Int32Array;
} {
  const n = flat.codes.length;
  const start = new Int32Array(n + 1);
  for (const parent of flat.lineParent) start[parent + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const cursor = start.slice(0, n);
  const lines = new Int32Array(flat.lineParent.length);
  for (let line = 0; line < flat.lineParent.length; line++) lines[cursor[flat.lineParent[line]]++] = line;
  return { start, lines };
}

/** Low-level code of every item: its deepest position under any end item. */
export function lowLevelCodes(flat: FlatBom): Int32Array {
  const level = new Int32Array(flat.codes.length);
  const { start, lines } = linesByParent(flat);
  for (const item of flat.topologicalOrder) {
    for (let k = start[item]; k < start[item + 1]; k++) {
      const child = flat.lineChild[lines[k]];
      if (level[child] < level[item] + 1) level[child] = level[item] + 1;
    }
  }
  return level;
}

export interface PathCounts {
  /** Root-to-leaf paths under the item. */
  leafPaths: number;
  /** Rows a per-path explosion produces (one per path prefix): what naive recursion and the CTE visit. */
  pathRows: number;
}

/** Counted bottom-up, so astronomically many paths are counted without walking them (as doubles). */
export function countPaths(flat: FlatBom, root: string): PathCounts {
  const rootIndex = flat.indexOf.get(root);
  if (rootIndex === undefined) throw new BaselineInputError(`unknown item ${root}`);
  const { start, lines } = linesByParent(flat);
  const leafPaths = new Float64Array(flat.codes.length);
  const pathRows = new Float64Array(flat.codes.length);
  for (let i = flat.topologicalOrder.length - 1; i >= 0; i--) {
    const item = flat.topologicalOrder[i];
    if (start[item] === start[item + 1]) {
      leafPaths[item] = 1;
      continue;
    }
    for (let k = start[item]; k < start[item + 1]; k++) {
      const child = flat.lineChild[lines[k]];
      leafPaths[item] += leafPaths[child];
      pathRows[item] += 1 + pathRows[child];
    }
  }
  return { leafPaths: leafPaths[rootIndex], pathRows: pathRows[rootIndex] };
}
