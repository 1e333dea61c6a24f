import type { CycleCount, OutboxEntry } from '@shopfloor/sdk';
import { countPath } from '../../services/counts-api';
import { parseQty } from '../report/report-model';

/** What a counter scans, in this order: the shelf, the part, then its lot when the stock is kept by lot. */
export type ScanTarget = 'location' | 'item' | 'lot';
export type Scanned = Partial<Record<ScanTarget, string>>;

export function scanSteps(task: Pick<CycleCount, 'lot'>): ScanTarget[] {
  return task.lot ? ['location', 'item', 'lot'] : ['location', 'item'];
}

/** The next label to scan; undefined once every one has been. */
export function nextScan(task: Pick<CycleCount, 'lot'>, scanned: Scanned): ScanTarget | undefined {
  return scanSteps(task).find((step) => scanned[step] === undefined);
}

export type ScanResult =
  | { ok: true; target: ScanTarget; scanned: Scanned }
  | { ok: false; expected: ScanTarget; code: string };

/**
 * A scanned label against the task: the shelf, the part or the lot the task names (in any order, so a
 * label scanned early is not refused); anything else is the wrong label for the next step.
 */
export function acceptScan(
  task: Pick<CycleCount, 'location' | 'item' | 'lot'>,
  scanned: Scanned,
  raw: string,
): ScanResult {
  const code = raw.trim();
  const expected = nextScan(task, scanned) ?? 'location';
  const target = scanSteps(task).find((step) => task[step] === code);
  if (!target) return { ok: false, expected, code };
  return { ok: true, target, scanned: { ...scanned, [target]: code } };
}

export type CountProblem = 'empty' | 'negative' | 'notANumber' | 'tooFine' | 'tooManyDecimals';

/**
 * The counted quantity as typed, checked as the server checks it: a number, not negative, within the
 * item's decimals. Unlike a report, an empty field is not 0: the counter must say what is there.
 */
export function checkCountQty(text: string, precision?: number): number | CountProblem {
  if (text.trim() === '') return 'empty';
  const parsed = parseQty(text, precision);
  if (typeof parsed === 'number') return parsed;
  return parsed === 'negative' || parsed === 'tooFine' || parsed === 'tooManyDecimals'
    ? parsed
    : 'notANumber';
}

/** The body of `POST /cycle-counts/{id}/count`: the lot only when one was scanned (the server checks it). */
export function countBody(qty: number, scanned: Scanned): { qty: number; lot?: string } {
  return scanned.lot ? { qty, lot: scanned.lot } : { qty };
}

/** A count of this task already waiting in the outbox (offline): the task is not counted twice. */
export function queuedCount(taskId: string, entries: readonly OutboxEntry[] | undefined) {
  return entries?.find((entry) => entry.kind === 'cycle-count' && entry.path === countPath(taskId));
}

/** Book, counted and their difference as an approver reads them; `pct` is null on a book of 0. */
export function varianceFigures(task: Pick<CycleCount, 'bookQty' | 'countedQty' | 'variance'>) {
  const book = task.bookQty ?? undefined;
  const counted = task.countedQty ?? undefined;
  const variance =
    task.variance ?? (book !== undefined && counted !== undefined ? round(counted - book) : undefined);
  const pct =
    variance === undefined || book === undefined || book === 0 ? null : round((variance / book) * 100, 2);
  return { book, counted, variance, pct };
}

/** `+3`, `-2.5`, `0`: a variance with its sign. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export interface Decider {
  id: string;
  roles: readonly string[];
  scopes?: { warehouses?: readonly string[] };
}

/** As the server decides: an approver or storekeeper of the warehouse (admin anywhere), never the counter. */
export function mayDecide(
  user: Decider | undefined,
  task: Pick<CycleCount, 'warehouse' | 'countedBy' | 'status'>,
) {
  if (!user || task.status !== 'pending-approval') return false;
  if (task.countedBy === user.id) return false;
  if (user.roles.includes('admin')) return true;
  const keeps = user.scopes?.warehouses?.includes(task.warehouse) ?? false;
  return keeps && (user.roles.includes('approver') || user.roles.includes('storekeeper'));
}

/** A storekeeper counts tasks of his warehouses (admin anywhere). */
export function mayCount(user: Decider | undefined, task: Pick<CycleCount, 'warehouse' | 'status'>) {
  if (!user || task.status !== 'open') return false;
  if (user.roles.includes('admin')) return true;
  return user.roles.includes('storekeeper') && (user.scopes?.warehouses?.includes(task.warehouse) ?? false);
}

/** The warehouses to list tasks for: the user's own; none listed means every one he may see (admin, planner). */
export function warehousesOf(user: Decider | undefined): (string | undefined)[] {
  const mine = user?.scopes?.warehouses ?? [];
  return mine.length > 0 ? [...mine] : [undefined];
}

const round = (n: number, places = 6) => Math.round(n * 10 ** places) / 10 ** places;
