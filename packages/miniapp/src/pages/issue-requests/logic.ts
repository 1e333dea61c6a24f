/**
 * The pure rules of the 领料 page: prefilled lines, the default warehouse, where each line is
 * taken from, the approval diff and the server's field errors mapped back to rows. No React, no
 * Taro: unit-tested in logic.test.ts.
 */
import type {
  ApprovedLine,
  FieldError,
  IssueRequestLine,
  IssueRequestLineInput,
  IssueRequestStatus,
  MaterialRequirement,
  StockBalance,
} from '@shopfloor/sdk';

/** Six decimal places: the server's quantity precision; avoids 0.30000000000000004 in sums. */
export function roundQty(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The number typed in a quantity box, or undefined when it is not a number ≥ 0. */
export function parseQty(text: string): number | undefined {
  const trimmed = text.trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

// ─── create ────────────────────────────────────────────────────────────────────────────────────

/** One row of the create form: a material the work order still needs. */
export interface MaterialRow {
  item: string;
  name: string;
  uom: string;
  type: 'make' | 'buy';
  required: number;
  issued: number;
  remaining: number;
  onHand: readonly { warehouse: string; qty: number }[];
  /** Bought parts are issued from stock; made parts (sub-assemblies) usually come from the line. */
  includeByDefault: boolean;
}

/** One row per material with something remaining, in the server's order. */
export function materialRows(lines: readonly MaterialRequirement[]): MaterialRow[] {
  return lines
    .filter((line) => line.remaining > 0)
    .map((line) => ({
      item: line.item,
      name: line.name,
      uom: line.uom,
      type: line.type,
      required: line.required,
      issued: line.issued,
      remaining: line.remaining,
      onHand: line.onHand,
      includeByDefault: line.type === 'buy',
    }));
}

export function onHandIn(row: Pick<MaterialRow, 'onHand'>, warehouse: string | undefined): number {
  if (!warehouse) return 0;
  return roundQty(row.onHand.filter((h) => h.warehouse === warehouse).reduce((sum, h) => sum + h.qty, 0));
}

/** Warehouses holding any of the rows, with how many rows each holds (most first). */
export function warehouseCounts(
  rows: readonly MaterialRow[],
  included: (row: MaterialRow) => boolean = (row) => row.includeByDefault,
): { warehouse: string; lines: number; covered: number }[] {
  const counts = new Map<string, { warehouse: string; lines: number; covered: number }>();
  for (const row of rows) {
    if (!included(row)) continue;
    const holding = new Set(row.onHand.filter((h) => h.qty > 0).map((h) => h.warehouse));
    for (const warehouse of holding) {
      const entry = counts.get(warehouse) ?? { warehouse, lines: 0, covered: 0 };
      entry.lines += 1;
      if (onHandIn(row, warehouse) >= row.remaining) entry.covered += 1;
      counts.set(warehouse, entry);
    }
  }
  return [...counts.values()].sort(
    (a, b) => b.lines - a.lines || b.covered - a.covered || a.warehouse.localeCompare(b.warehouse),
  );
}

/**
 * The warehouse holding most of the included rows (ties: the one covering more rows in full,
 * then by code); with nothing included, the one holding most rows at all.
 */
export function defaultWarehouse(rows: readonly MaterialRow[]): string | undefined {
  return (warehouseCounts(rows)[0] ?? warehouseCounts(rows, () => true)[0])?.warehouse;
}

/** A part of a line taken from one balance (location and lot) of the warehouse. */
export interface StockPick {
  location: string;
  lot?: string;
  qty: number;
}

/**
 * Where `qty` is taken from: the server needs a location on every line (and the lot, when the
 * stock is in lots) and does not choose one. Largest balance first, so a line is split only when
 * no single place holds enough; what no balance covers stays on the largest one (the approver
 * sees the shortage). Empty when the warehouse holds none of it.
 */
export function allocate(qty: number, balances: readonly StockBalance[]): StockPick[] {
  const usable = balances
    .filter((b) => b.location && b.qty > 0)
    .sort((a, b) => b.qty - a.qty || (a.location ?? '').localeCompare(b.location ?? ''));
  if (usable.length === 0 || qty <= 0) return [];
  const single = usable.find((b) => b.qty >= qty);
  if (single) return [pickOf(single, qty)];
  const picks: StockPick[] = [];
  let left = qty;
  for (const balance of usable) {
    if (left <= 0) break;
    const take = roundQty(Math.min(left, balance.qty));
    picks.push(pickOf(balance, take));
    left = roundQty(left - take);
  }
  if (left > 0) picks[0]!.qty = roundQty(picks[0]!.qty + left);
  return picks;
}

function pickOf(balance: StockBalance, qty: number): StockPick {
  return { location: balance.location!, ...(balance.lot ? { lot: balance.lot } : {}), qty };
}

/** What the person set on one row of the create form. */
export interface RowInput {
  include: boolean;
  qtyText: string;
  reason: string;
}

export interface RowProblems {
  qty?: string;
  reason?: string;
  /** Anything else the server said about the row (item, location…). */
  other?: string;
}

export type ProblemCode = 'qty-invalid' | 'reason-required' | 'no-stock';

/** The checks made before sending: a positive quantity, a reason above the remaining, stock. */
export function checkRows(
  rows: readonly MaterialRow[],
  inputs: readonly RowInput[],
  warehouse: string | undefined,
): Map<number, { qty?: ProblemCode; reason?: ProblemCode }> {
  const problems = new Map<number, { qty?: ProblemCode; reason?: ProblemCode }>();
  rows.forEach((row, n) => {
    const input = inputs[n];
    if (!input?.include) return;
    const qty = parseQty(input.qtyText);
    if (qty === undefined || qty <= 0) problems.set(n, { qty: 'qty-invalid' });
    else if (onHandIn(row, warehouse) <= 0) problems.set(n, { qty: 'no-stock' });
    else if (qty > row.remaining + 1e-9 && input.reason.trim() === '')
      problems.set(n, { reason: 'reason-required' });
  });
  return problems;
}

/**
 * The request's lines from the included rows, each split over the balances it is taken from;
 * `lineToRow[k]` is the form row of request line k (to put the server's `lines.k.*` back).
 */
export function buildRequestLines(
  rows: readonly MaterialRow[],
  inputs: readonly RowInput[],
  balancesByItem: ReadonlyMap<string, readonly StockBalance[]>,
): { lines: IssueRequestLineInput[]; lineToRow: number[]; unplaced: number[] } {
  const lines: IssueRequestLineInput[] = [];
  const lineToRow: number[] = [];
  const unplaced: number[] = [];
  rows.forEach((row, n) => {
    const input = inputs[n];
    if (!input?.include) return;
    const qty = parseQty(input.qtyText);
    if (qty === undefined || qty <= 0) return;
    const picks = allocate(qty, balancesByItem.get(row.item) ?? []);
    if (picks.length === 0) {
      unplaced.push(n);
      return;
    }
    // Every part of the row carries the reason: the server checks each line against what is
    // left after the earlier lines of the item, and its remaining may be below the one shown
    // (another request approved meanwhile), so a reason typed is always sent.
    const reason = input.reason.trim();
    for (const pick of picks) {
      lines.push({
        item: row.item,
        qty: pick.qty,
        location: pick.location,
        ...(pick.lot ? { lot: pick.lot } : {}),
        ...(reason ? { reason } : {}),
      });
      lineToRow.push(n);
    }
  });
  return { lines, lineToRow, unplaced };
}

/**
 * The server's field errors (`lines.3.reason`) on the form rows they belong to; errors of other
 * fields (warehouse, workOrderNo) are returned apart, to show above the form.
 */
export function mapLineErrors(
  errors: readonly FieldError[] | undefined,
  lineToRow: readonly number[],
): { rows: Map<number, RowProblems>; general: string[] } {
  const rows = new Map<number, RowProblems>();
  const general: string[] = [];
  for (const error of errors ?? []) {
    const match = /^lines\.(\d+)(?:\.(\w+))?/.exec(error.path);
    const row = match ? lineToRow[Number(match[1])] : undefined;
    if (!match || row === undefined) {
      general.push(error.message);
      continue;
    }
    const field = match[2] === 'qty' || match[2] === 'reason' ? match[2] : 'other';
    const problems = rows.get(row) ?? {};
    // Split rows may get the same message twice: keep one.
    if (problems[field] !== error.message) {
      problems[field] = problems[field] ? `${problems[field]}; ${error.message}` : error.message;
    }
    rows.set(row, problems);
  }
  return { rows, general };
}

// ─── approve ───────────────────────────────────────────────────────────────────────────────────

/** Stock at the line's own location and lot: what the approval will take it from. */
export function sourceBalance(
  line: Pick<IssueRequestLine, 'location' | 'lot'>,
  balances: readonly StockBalance[],
): number {
  return roundQty(
    balances
      .filter((b) => b.location === line.location && (b.lot ?? '') === (line.lot ?? ''))
      .reduce((sum, b) => sum + b.qty, 0),
  );
}

export function sumBalances(balances: readonly StockBalance[]): number {
  return roundQty(balances.reduce((sum, b) => sum + b.qty, 0));
}

/** The approved quantity to start from: as requested, but no more than the line's source holds. */
export function defaultApproved(requested: number, available: number | undefined): number {
  if (available === undefined) return requested;
  return roundQty(Math.max(0, Math.min(requested, available)));
}

export type ApprovalCheck =
  | { ok: true; lines: ApprovedLine[] | undefined; partial: boolean }
  | { ok: false; problem: 'qty-invalid' | 'above-requested' | 'all-zero'; line?: number };

/**
 * The `lines` of the approval: undefined when every line is approved as requested (a plain
 * approval), else every line with its quantity (→ partially-approved on the server).
 */
export function approvalLines(
  lines: readonly Pick<IssueRequestLine, 'line' | 'qty'>[],
  approvedText: ReadonlyMap<number, string>,
): ApprovalCheck {
  const out: ApprovedLine[] = [];
  let differs = false;
  for (const line of lines) {
    const text = approvedText.get(line.line);
    const qty = text === undefined ? line.qty : parseQty(text);
    if (qty === undefined) return { ok: false, problem: 'qty-invalid', line: line.line };
    if (qty > line.qty + 1e-9) return { ok: false, problem: 'above-requested', line: line.line };
    if (Math.abs(qty - line.qty) > 1e-9) differs = true;
    out.push({ line: line.line, qty: roundQty(qty) });
  }
  if (out.every((l) => l.qty === 0)) return { ok: false, problem: 'all-zero' };
  return differs ? { ok: true, lines: out, partial: true } : { ok: true, lines: undefined, partial: false };
}

// ─── display ───────────────────────────────────────────────────────────────────────────────────

export type BadgeTone = 'warning' | 'ready' | 'info' | 'critical' | 'muted';

export function statusTone(status: IssueRequestStatus): BadgeTone {
  switch (status) {
    case 'pending':
      return 'warning';
    case 'approved':
      return 'ready';
    case 'partially-approved':
      return 'info';
    case 'rejected':
      return 'critical';
    default:
      return 'muted';
  }
}

/** `2026-12-02T00:57:12.224+08:00` → `12-02 00:57` (the server already speaks Shanghai time). */
export function shortTime(iso: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return match ? `${match[1]}-${match[2]} ${match[3]}:${match[4]}` : iso;
}

/** `1234.5` → `1,234.5`; at most six decimals, no trailing zeros. */
export function formatQty(n: number): string {
  const [whole, fraction] = String(roundQty(n)).split('.');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

export interface EmergencyPoster {
  roles: readonly string[];
  scopes?: { warehouses?: readonly string[] };
}

/**
 * Whether the 紧急领料 switch is offered, as the server decides it: admins, storekeepers of the
 * warehouse, and supervisors (车间主任) of a workshop the work order runs through.
 */
export function mayPostEmergency(
  user: (EmergencyPoster & { id?: string }) | undefined,
  warehouse: string | undefined,
  supervisors: readonly (string | null | undefined)[] = [],
): boolean {
  if (!user || !warehouse) return false;
  if (user.roles.includes('admin')) return true;
  if (user.id !== undefined && supervisors.includes(user.id)) return true;
  return user.roles.includes('storekeeper') && (user.scopes?.warehouses?.includes(warehouse) ?? false);
}
