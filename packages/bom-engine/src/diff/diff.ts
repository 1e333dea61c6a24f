import { BomError } from '../errors.js';
import type { BomDocument, BomItemInput, BomLineInput } from '../types.js';

export interface ItemChange {
  code: string;
  before: BomItemInput;
  after: BomItemInput;
  /** Names of the fields whose value differs, defaults taken into account. */
  fields: string[];
}

export interface LineChange {
  parent: string;
  child: string;
  before: BomLineInput;
  after: BomLineInput;
  fields: string[];
}

export interface BomDiff {
  items: { added: BomItemInput[]; removed: BomItemInput[]; changed: ItemChange[] };
  lines: { added: BomLineInput[]; removed: BomLineInput[]; changed: LineChange[] };
  summary: {
    itemsAdded: number;
    itemsRemoved: number;
    itemsChanged: number;
    linesAdded: number;
    linesRemoved: number;
    linesChanged: number;
  };
}

type Loose = Record<string, unknown>;

// Known fields first, in the order a person reads them; an absent field equals its default.
const ITEM_FIELDS: Record<string, unknown> = {
  name: '',
  uom: undefined,
  type: undefined,
  leadTime: 0,
  cost: undefined,
  precision: 6,
};
const LINE_FIELDS: Record<string, unknown> = {
  qty: undefined,
  uom: undefined,
  scrapRate: 0,
  setupQty: 0,
  roundingMultiple: 0,
  effectiveFrom: null,
  effectiveTo: null,
};
const SEP = '\u0000';

/**
 * The engineering change from document A to document B. Works on the documents as written, without
 * compiling them, so it also compares BOMs that would not compile (cycles, unknown items, bad
 * quantities); only entries it cannot identify (no item code, no parent or child) are rejected.
 *
 * Items match by code. Lines match by (parent, child, effectiveFrom); several lines with the same
 * key pair up in document order. Lines left over then pair by (parent, child) in document order, so a
 * moved effectiveFrom reads as a change of that field rather than a removal and an addition.
 */
export function diff(a: BomDocument, b: BomDocument): BomDiff {
  checkShape(a, 'first');
  checkShape(b, 'second');
  const items = diffItems(a.items, b.items);
  const lines = diffLines(a, b);
  return {
    items,
    lines,
    summary: {
      itemsAdded: items.added.length,
      itemsRemoved: items.removed.length,
      itemsChanged: items.changed.length,
      linesAdded: lines.added.length,
      linesRemoved: lines.removed.length,
      linesChanged: lines.changed.length,
    },
  };
}

function checkShape(doc: unknown, which: string): asserts doc is BomDocument {
  const bad = (message: string) =>
    new BomError({
      code: 'BAD_DOCUMENT',
      severity: 'error',
      message: `diff: the ${which} document ${message}`,
    });
  const isRecord = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isRecord(doc) || !Array.isArray(doc.items) || !Array.isArray(doc.bomLines)) {
    throw bad('needs the lists items and bomLines');
  }
  doc.items.forEach((item: unknown, i) => {
    if (!isRecord(item) || typeof item.code !== 'string') throw bad(`has items[${i}] without an item code`);
  });
  doc.bomLines.forEach((line: unknown, i) => {
    if (!isRecord(line) || typeof line.parent !== 'string' || typeof line.child !== 'string') {
      throw bad(`has bomLines[${i}] without parent and child item codes`);
    }
  });
}

function diffItems(before: BomItemInput[], after: BomItemInput[]): BomDiff['items'] {
  const pairs = pairUp(before, after, (item) => item.code);
  const changed: ItemChange[] = [];
  for (const [i, j] of pairs.matched) {
    const fields = changedFields(before[i] as unknown as Loose, after[j] as unknown as Loose, ITEM_FIELDS);
    if (fields.length > 0)
      changed.push({ code: after[j]!.code, before: before[i]!, after: after[j]!, fields });
  }
  return {
    added: pairs.onlyAfter.map((j) => after[j]!),
    removed: pairs.onlyBefore.map((i) => before[i]!),
    changed,
  };
}

function diffLines(a: BomDocument, b: BomDocument): BomDiff['lines'] {
  const before = a.bomLines;
  const after = b.bomLines;
  const exact = pairUp(before, after, (l) => l.parent + SEP + l.child + SEP + (l.effectiveFrom ?? ''));
  const loose = pairUp(
    exact.onlyBefore.map((i) => before[i]!),
    exact.onlyAfter.map((j) => after[j]!),
    (l) => l.parent + SEP + l.child,
  );
  const matched = [
    ...exact.matched,
    ...loose.matched.map(([i, j]) => [exact.onlyBefore[i]!, exact.onlyAfter[j]!] as const),
  ].sort((x, y) => x[1] - y[1]);
  const unitsA = unitsByCode(a);
  const unitsB = unitsByCode(b);
  const changed: LineChange[] = [];
  for (const [i, j] of matched) {
    const x = withDefaultUnit(before[i]!, unitsA);
    const y = withDefaultUnit(after[j]!, unitsB);
    const fields = changedFields(x, y, LINE_FIELDS);
    if (fields.length > 0) {
      changed.push({
        parent: after[j]!.parent,
        child: after[j]!.child,
        before: before[i]!,
        after: after[j]!,
        fields,
      });
    }
  }
  return {
    added: loose.onlyAfter.map((j) => after[exact.onlyAfter[j]!]!),
    removed: loose.onlyBefore.map((i) => before[exact.onlyBefore[i]!]!),
    changed,
  };
}

interface Pairing {
  matched: (readonly [number, number])[];
  onlyBefore: number[];
  onlyAfter: number[];
}

/** Pairs entries with equal keys in document order: the k-th of a key in A with the k-th in B. */
function pairUp<T>(before: readonly T[], after: readonly T[], key: (entry: T) => string): Pairing {
  const waiting = new Map<string, number[]>();
  after.forEach((entry, j) => {
    const k = key(entry);
    const queue = waiting.get(k);
    if (queue) queue.push(j);
    else waiting.set(k, [j]);
  });
  const head = new Map<string, number>();
  const matched: (readonly [number, number])[] = [];
  const onlyBefore: number[] = [];
  const taken = new Uint8Array(after.length);
  before.forEach((entry, i) => {
    const k = key(entry);
    const queue = waiting.get(k);
    const at = head.get(k) ?? 0;
    if (!queue || at >= queue.length) {
      onlyBefore.push(i);
      return;
    }
    head.set(k, at + 1);
    taken[queue[at]!] = 1;
    matched.push([i, queue[at]!]);
  });
  const onlyAfter: number[] = [];
  for (let j = 0; j < after.length; j++) if (taken[j] === 0) onlyAfter.push(j);
  return { matched, onlyBefore, onlyAfter };
}

function unitsByCode(doc: BomDocument): Map<string, unknown> {
  const units = new Map<string, unknown>();
  for (const item of doc.items) if (!units.has(item.code)) units.set(item.code, item.uom);
  return units;
}

/** A line without `uom` is in its child's unit: spelling the unit out is not a change. */
function withDefaultUnit(line: BomLineInput, units: Map<string, unknown>): Loose {
  const loose = line as unknown as Loose;
  return loose.uom === undefined ? { ...loose, uom: units.get(line.child) } : loose;
}

function changedFields(x: Loose, y: Loose, known: Record<string, unknown>): string[] {
  const fields: string[] = [];
  const value = (entry: Loose, field: string) => entry[field] ?? known[field];
  for (const field of Object.keys(known)) if (!same(value(x, field), value(y, field))) fields.push(field);
  const extra = new Set([...Object.keys(x), ...Object.keys(y)].filter((f) => !(f in known) && f !== 'code'));
  for (const field of [...extra].sort()) if (!same(x[field], y[field])) fields.push(field);
  return fields;
}

function same(x: unknown, y: unknown): boolean {
  // Spreadsheet loaders write null for an empty cell: null and absent are the same.
  if (Object.is(x ?? undefined, y ?? undefined)) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return JSON.stringify(x) === JSON.stringify(y);
}
