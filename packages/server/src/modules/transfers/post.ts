import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import type { MovementInput } from '../stock/ledger.js';

export interface TransferLine {
  item: string;
  qty: number;
  from: string;
  to: string;
  lot?: string;
}

/**
 * One movement pair per line, kind 'transfer': out of `from`, into `to`, the lot kept. A balance
 * that would go below zero is a 409 from the ledger and the caller's transaction posts nothing.
 */
export async function postTransfer(
  db: Db,
  deps: AppDeps,
  posting: { orgId: string; actor: string; id: string; at: Date; lines: readonly TransferLine[] },
): Promise<void> {
  const movements: MovementInput[] = posting.lines.flatMap((l) => [
    { kind: 'transfer', item: l.item, location: l.from, lot: l.lot ?? '', qty: -l.qty },
    { kind: 'transfer', item: l.item, location: l.to, lot: l.lot ?? '', qty: l.qty },
  ]);
  await deps.services.stock.post(db, {
    orgId: posting.orgId,
    actor: posting.actor,
    source: { type: 'transfer', id: posting.id },
    at: posting.at,
    movements,
  });
}
