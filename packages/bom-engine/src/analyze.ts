import { NO_END, NO_START, parseDay } from './dates.js';
import type { BomIssue } from './errors.js';
import { type BomGraph, ITEM_TYPES, TYPE_BUY, TYPE_PHANTOM } from './graph.js';
import { findCycle, levelize } from './levels.js';
import type { BomDocument, BomItemInput, BomLineInput, UomConversionInput } from './types.js';
import { UomResolver } from './uom.js';

export interface Analysis {
  issues: BomIssue[];
  /** Present only when there is no error. */
  graph?: BomGraph;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCode = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v === v.trim();
const show = (v: unknown) =>
  typeof v === 'string' ? `'${v}'` : v === undefined ? 'nothing' : JSON.stringify(v);

/** Checks a BOM document and, when it has no errors, compiles it. One pass, every problem reported. */
export function analyze(doc: unknown): Analysis {
  const issues: BomIssue[] = [];
  const error = (issue: Omit<BomIssue, 'severity'>): undefined => {
    issues.push({ ...issue, severity: 'error' });
  };
  const warn = (issue: Omit<BomIssue, 'severity'>): undefined => {
    issues.push({ ...issue, severity: 'warning' });
  };

  if (!isRecord(doc) || !Array.isArray(doc.items) || !Array.isArray(doc.bomLines)) {
    error({ code: 'BAD_DOCUMENT', message: 'a BOM document needs the lists items and bomLines' });
    return { issues };
  }
  const conversionsInput = doc.uomConversions ?? [];
  if (!Array.isArray(conversionsInput)) {
    error({ code: 'BAD_DOCUMENT', message: 'uomConversions must be a list' });
    return { issues };
  }
  const { items, bomLines } = doc as unknown as BomDocument;

  // Items
  const index = new Map<string, number>();
  const codes: string[] = [];
  const names: string[] = [];
  const uoms: string[] = [];
  const typeList: number[] = [];
  const leadList: number[] = [];
  const costList: number[] = [];
  const precisionList: number[] = [];
  const checkItem = (raw: unknown, i: number): undefined => {
    const at = `items[${i}]`;
    if (!isRecord(raw)) return error({ code: 'BAD_ITEM', message: `${at}: an item must be an object` });
    const it = raw as unknown as BomItemInput;
    if (!isCode(it.code)) {
      return error({
        code: 'BAD_ITEM',
        message: `${at}: code must be a non-empty string without surrounding spaces, got ${show(it.code)}`,
      });
    }
    const name = `${at} ${it.code}`;
    if (index.has(it.code)) {
      return error({ code: 'DUPLICATE_ITEM', message: `${name}: item code is listed twice`, item: it.code });
    }
    if (!isCode(it.uom))
      return error({
        code: 'BAD_ITEM',
        message: `${name}: uom must be a non-empty string, got ${show(it.uom)}`,
        item: it.code,
      });
    const type = ITEM_TYPES.indexOf(it.type);
    if (type < 0)
      return error({
        code: 'BAD_ITEM',
        message: `${name}: type must be make, buy or phantom, got ${show(it.type)}`,
        item: it.code,
      });
    if (it.name !== undefined && typeof it.name !== 'string')
      return error({ code: 'BAD_ITEM', message: `${name}: name must be a string`, item: it.code });
    if (
      it.leadTime !== undefined &&
      !(typeof it.leadTime === 'number' && Number.isFinite(it.leadTime) && it.leadTime >= 0)
    ) {
      return error({
        code: 'BAD_ITEM',
        message: `${name}: leadTime must be a number of days >= 0, got ${show(it.leadTime)}`,
        item: it.code,
      });
    }
    if (it.cost !== undefined && !(typeof it.cost === 'number' && Number.isFinite(it.cost) && it.cost >= 0)) {
      return error({
        code: 'BAD_ITEM',
        message: `${name}: cost must be a number >= 0, got ${show(it.cost)}`,
        item: it.code,
      });
    }
    if (
      it.precision !== undefined &&
      !(Number.isInteger(it.precision) && it.precision >= 0 && it.precision <= 12)
    ) {
      return error({
        code: 'BAD_ITEM',
        message: `${name}: precision must be an integer 0..12, got ${show(it.precision)}`,
        item: it.code,
      });
    }
    index.set(it.code, codes.length);
    codes.push(it.code);
    names.push(it.name ?? '');
    uoms.push(it.uom);
    typeList.push(type);
    leadList.push(it.leadTime ?? 0);
    costList.push(it.cost ?? Number.NaN);
    precisionList.push(it.precision ?? 6);
  };
  for (const [i, raw] of (items as unknown[]).entries()) checkItem(raw, i);

  // Conversions
  const conversions: UomConversionInput[] = [];
  const checkConversion = (raw: unknown, i: number): undefined => {
    const at = `uomConversions[${i}]`;
    const c = raw as UomConversionInput;
    if (!isRecord(raw) || !isCode(c.from) || !isCode(c.to)) {
      return error({ code: 'UOM_CONVERSION', message: `${at}: a conversion needs from and to units` });
    }
    if (!(typeof c.factor === 'number' && Number.isFinite(c.factor) && c.factor > 0)) {
      return error({
        code: 'UOM_CONVERSION',
        message: `${at} ${c.from} → ${c.to}: factor must be a positive number, got ${show(c.factor)}`,
      });
    }
    if (c.item !== undefined && !index.has(c.item)) {
      return error({
        code: 'UNKNOWN_ITEM',
        message: `${at}: unknown item ${show(c.item)}`,
        item: String(c.item),
      });
    }
    conversions.push(c);
  };
  for (const [i, raw] of (conversionsInput as unknown[]).entries()) checkConversion(raw, i);
  const uom = new UomResolver(conversions);

  // Lines
  const n = codes.length;
  const lp: number[] = [];
  const lc: number[] = [];
  const lq: number[] = [];
  const ls: number[] = [];
  const lr: number[] = [];
  const lf: number[] = [];
  const lt: number[] = [];
  const src: number[] = [];
  let dated = false;
  let nonLinear = false;
  const checkLine = (raw: unknown, i: number): undefined => {
    if (!isRecord(raw))
      return error({ code: 'BAD_DOCUMENT', message: `bomLines[${i}]: a line must be an object`, line: i });
    const l = raw as unknown as BomLineInput;
    const at = `bomLines[${i}] ${String(l.parent)} > ${String(l.child)}`;
    const p = index.get(l.parent as string);
    const c = index.get(l.child as string);
    if (p === undefined)
      return error({
        code: 'UNKNOWN_ITEM',
        message: `${at}: unknown parent item ${show(l.parent)}`,
        line: i,
        item: String(l.parent),
      });
    if (c === undefined)
      return error({
        code: 'UNKNOWN_ITEM',
        message: `${at}: unknown child item ${show(l.child)}`,
        line: i,
        item: String(l.child),
      });
    if (!(typeof l.qty === 'number' && Number.isFinite(l.qty) && l.qty > 0)) {
      return error({
        code: 'BAD_QTY',
        message: `${at}: qty must be a positive number, got ${show(l.qty)}`,
        line: i,
      });
    }
    const scrap = l.scrapRate ?? 0;
    if (!(typeof scrap === 'number' && Number.isFinite(scrap) && scrap >= 0 && scrap < 10)) {
      return error({
        code: 'BAD_SCRAP',
        message: `${at}: scrapRate must be a fraction >= 0 (0.1 = 10 %), got ${show(l.scrapRate)}`,
        line: i,
      });
    }
    const setup = l.setupQty ?? 0;
    if (!(typeof setup === 'number' && Number.isFinite(setup) && setup >= 0)) {
      return error({
        code: 'BAD_QTY',
        message: `${at}: setupQty must be a number >= 0, got ${show(l.setupQty)}`,
        line: i,
      });
    }
    const rounding = l.roundingMultiple ?? 0;
    if (!(typeof rounding === 'number' && Number.isFinite(rounding) && rounding >= 0)) {
      return error({
        code: 'BAD_QTY',
        message: `${at}: roundingMultiple must be a positive number, got ${show(l.roundingMultiple)}`,
        line: i,
      });
    }
    const from = l.effectiveFrom == null ? NO_START : parseDay(String(l.effectiveFrom));
    const to = l.effectiveTo == null ? NO_END : parseDay(String(l.effectiveTo));
    if (from === null || typeof l.effectiveFrom === 'number') {
      return error({
        code: 'BAD_DATE',
        message: `${at}: effectiveFrom must be a date YYYY-MM-DD, got ${show(l.effectiveFrom)}`,
        line: i,
      });
    }
    if (to === null || typeof l.effectiveTo === 'number') {
      return error({
        code: 'BAD_DATE',
        message: `${at}: effectiveTo must be a date YYYY-MM-DD, got ${show(l.effectiveTo)}`,
        line: i,
      });
    }
    if (from > to) {
      return error({
        code: 'BAD_EFFECTIVITY',
        message: `${at}: effectiveFrom ${l.effectiveFrom} is after effectiveTo ${l.effectiveTo}`,
        line: i,
      });
    }
    const lineUom = l.uom ?? uoms[c]!;
    if (!isCode(lineUom))
      return error({
        code: 'UOM_CONVERSION',
        message: `${at}: uom must be a non-empty string, got ${show(l.uom)}`,
        line: i,
      });
    const factor = uom.factor(l.child as string, lineUom, uoms[c]!);
    if (factor === null) {
      return error({
        code: 'UOM_CONVERSION',
        message: `${at}: no conversion from ${lineUom} to ${uoms[c]} (the unit of ${l.child})`,
        line: i,
      });
    }
    if (from !== NO_START || to !== NO_END) dated = true;
    if (setup > 0 || rounding > 0) nonLinear = true;
    lp.push(p);
    lc.push(c);
    lq.push(l.qty * factor * (1 + scrap));
    ls.push(setup * factor);
    lr.push(rounding);
    lf.push(from);
    lt.push(to);
    src.push(i);
  };
  for (const [i, raw] of (bomLines as unknown[]).entries()) checkLine(raw, i);

  // CSR by parent (counting sort keeps the document's order within a parent)
  const m = lp.length;
  const childStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) childStart[lp[e]! + 1]++;
  for (let v = 0; v < n; v++) childStart[v + 1] += childStart[v]!;
  const fill = childStart.slice(0, n);
  const lineParent = new Int32Array(m);
  const lineChild = new Int32Array(m);
  const lineQty = new Float64Array(m);
  const lineSetup = new Float64Array(m);
  const lineRounding = new Float64Array(m);
  const lineFrom = new Int32Array(m);
  const lineTo = new Int32Array(m);
  const lineSource = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const k = fill[lp[e]!]++;
    lineParent[k] = lp[e]!;
    lineChild[k] = lc[e]!;
    lineQty[k] = lq[e]!;
    lineSetup[k] = ls[e]!;
    lineRounding[k] = lr[e]!;
    lineFrom[k] = lf[e]!;
    lineTo[k] = lt[e]!;
    lineSource[k] = src[e]!;
  }

  const cycle = findCycle(n, childStart, lineChild);
  if (cycle) {
    const path = cycle.map((v) => codes[v]!);
    error({ code: 'BOM_CYCLE', message: `BOM cycle ${path.join(' > ')}`, path, item: path[0] });
  }

  // Warnings
  const types = Uint8Array.from(typeList);
  for (let v = 0; v < n; v++) {
    const has = childStart[v + 1]! > childStart[v]!;
    if (has && types[v] === TYPE_BUY) {
      warn({
        code: 'BUY_ITEM_WITH_BOM',
        message: `item ${codes[v]} is bought but has BOM lines; explosions follow them`,
        item: codes[v],
      });
    }
    if (!has && types[v] === TYPE_PHANTOM) {
      warn({
        code: 'EMPTY_PHANTOM',
        message: `phantom ${codes[v]} has no BOM lines; it contributes nothing`,
        item: codes[v],
      });
    }
    const seen = new Map<number, number>();
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
      const other = seen.get(lineChild[k]!);
      if (other !== undefined && lineFrom[k]! <= lineTo[other]! && lineFrom[other]! <= lineTo[k]!) {
        warn({
          code: 'DUPLICATE_LINE',
          message: `bomLines[${lineSource[k]}] ${codes[v]} > ${codes[lineChild[k]!]}: the child is listed again (bomLines[${lineSource[other]}]) for overlapping dates; quantities add up`,
          line: lineSource[k],
        });
      }
      seen.set(lineChild[k]!, k);
    }
  }

  if (issues.some((i) => i.severity === 'error')) return { issues };

  const { llc, maxLlc, topo, topoPos } = levelize(n, childStart, lineChild);
  const parentStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) parentStart[lineChild[e]! + 1]++;
  for (let v = 0; v < n; v++) parentStart[v + 1] += parentStart[v]!;
  const pfill = parentStart.slice(0, n);
  const parentLines = new Int32Array(m);
  for (let e = 0; e < m; e++) parentLines[pfill[lineChild[e]!]++] = e;

  const graph: BomGraph = {
    itemCount: n,
    lineCount: m,
    codes,
    names,
    uoms,
    index,
    types,
    leadTimes: Float64Array.from(leadList),
    costs: Float64Array.from(costList),
    precisions: Uint8Array.from(precisionList),
    llc,
    maxLlc,
    topo,
    topoPos,
    childStart,
    lineChild,
    lineParent,
    lineQty,
    lineSetup,
    lineRounding,
    lineFrom,
    lineTo,
    lineSource,
    parentStart,
    parentLines,
    dated,
    nonLinear,
  };
  return { issues, graph };
}
