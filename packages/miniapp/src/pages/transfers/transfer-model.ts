import type { Transfer } from '@shopfloor/sdk';
import { parseQty } from '../report/report-model';

/** What a storekeeper scans, in this order: the shelf it leaves, the part, its lot (when kept by lot), the shelf it goes to. */
export type TransferStep = 'from' | 'item' | 'lot' | 'to';
export type TransferScan = Partial<Record<TransferStep, string>>;

/**
 * The next label to scan; undefined once all are in. `lotsAtFrom` are the lots of the item on the
 * from-shelf (undefined while not known): a lot is asked for only when the stock there is kept by lot.
 */
export function nextStep(
  scan: TransferScan,
  lotsAtFrom: readonly string[] | undefined,
): TransferStep | undefined {
  if (!scan.from) return 'from';
  if (!scan.item) return 'item';
  if (!scan.lot && lotsAtFrom && lotsAtFrom.length > 0) return 'lot';
  if (!scan.to) return 'to';
  return undefined;
}

export type ScanOutcome =
  | { ok: true; scan: TransferScan }
  | { ok: false; problem: 'sameLocation' | 'notALot' | 'complete'; code: string };

/** A scanned label taken as the next step; the to-shelf must differ from the from-shelf, a lot must lie there. */
export function takeScan(
  scan: TransferScan,
  raw: string,
  lotsAtFrom: readonly string[] | undefined,
): ScanOutcome {
  const code = raw.trim();
  const step = nextStep(scan, lotsAtFrom);
  if (step === undefined) return { ok: false, problem: 'complete', code };
  if (step === 'lot' && !lotsAtFrom?.includes(code)) return { ok: false, problem: 'notALot', code };
  if (step === 'to' && code === scan.from) return { ok: false, problem: 'sameLocation', code };
  return { ok: true, scan: { ...scan, [step]: code } };
}

export type TransferQtyProblem =
  | 'empty'
  | 'zero'
  | 'negative'
  | 'notANumber'
  | 'tooFine'
  | 'tooManyDecimals'
  | 'moreThanOnHand';

/** The quantity as typed, checked on the phone as the server will: above 0, within the item's decimals and what the shelf holds. */
export function checkTransferQty(
  text: string,
  precision?: number,
  onHand?: number,
): number | TransferQtyProblem {
  if (text.trim() === '') return 'empty';
  const parsed = parseQty(text, precision);
  if (typeof parsed !== 'number')
    return parsed === 'negative' || parsed === 'tooFine' || parsed === 'tooManyDecimals'
      ? parsed
      : 'notANumber';
  if (parsed === 0) return 'zero';
  if (onHand !== undefined && parsed > onHand) return 'moreThanOnHand';
  return parsed;
}

/** The body of `POST /transfers` for one scanned line; the lot goes along when there is one. */
export function transferBody(
  scan: Required<Pick<TransferScan, 'from' | 'item' | 'to'>> & TransferScan,
  qty: number,
) {
  const line = { item: scan.item, qty, from: scan.from, to: scan.to };
  return { lines: [scan.lot ? { ...line, lot: scan.lot } : line] };
}

export interface Keeper {
  id: string;
  roles: readonly string[];
  scopes?: { warehouses?: readonly string[] };
}

/** As the server decides: a storekeeper of the receiving warehouse (admin anywhere), never the requester, while it is pending. */
export function mayDecide(
  user: Keeper | undefined,
  transfer: Pick<Transfer, 'status' | 'requester' | 'toWarehouse'>,
) {
  if (!user || transfer.status !== 'pending' || transfer.requester === user.id) return false;
  if (user.roles.includes('admin')) return true;
  return (
    user.roles.includes('storekeeper') && (user.scopes?.warehouses?.includes(transfer.toWarehouse) ?? false)
  );
}

/** Storekeepers, planners and admins make transfers. */
export function mayTransfer(user: Pick<Keeper, 'roles'> | undefined) {
  return ['storekeeper', 'planner', 'admin'].some((role) => user?.roles.includes(role));
}
