import { badRequest, conflict } from '../../http/problem.js';
import type { Db } from '../../http/route.js';

/** A lot a document line puts stock into or takes it from; `line` is its index in `lines`. */
export interface LotUse {
  lot: string;
  item: string;
  line: number;
}

/**
 * One lot holds one item: a recall by lot must find all of its stock. Refuses a document that
 * names a lot of another item — 409 `lot-item-mismatch` with `{ lot, item, expected }` (the item
 * given, the item the lot holds) — or one lot as two items (400). With `register`, lots nobody
 * knew yet become known as material lots of their item (received stock enters genealogy), in the
 * same statement that reads the item of the known ones: the upsert takes the row lock, so a
 * concurrent document that creates the same lot for another item is seen, never mixed in.
 * In code order, so concurrent documents lock shared lots in the same order.
 */
export async function checkLots(
  db: Db,
  orgId: string,
  uses: readonly LotUse[],
  options: { register: boolean; at: Date },
): Promise<void> {
  const wanted = new Map<string, LotUse>();
  for (const use of uses) {
    const seen = wanted.get(use.lot);
    if (seen && seen.item !== use.item) {
      throw badRequest(`lines.${use.line}: lot ${use.lot} is given as item ${seen.item} and ${use.item}`, [
        { path: `lines.${use.line}.item`, message: 'one lot, one item' },
      ]);
    }
    if (!seen) wanted.set(use.lot, use);
  }
  if (wanted.size === 0) return;
  const ordered = [...wanted.values()].sort((a, b) => (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0));
  const held = options.register
    ? await db
        .insertInto('lots')
        .values(
          ordered.map((u) => ({
            org_id: orgId,
            code: u.lot,
            item: u.item,
            kind: 'material' as const,
            created_at: options.at,
          })),
        )
        // A no-op update: it locks the lot and answers the item it already holds.
        .onConflict((oc) =>
          oc.columns(['org_id', 'code']).doUpdateSet((eb) => ({ item: eb.ref('lots.item') })),
        )
        .returning(['code', 'item'])
        .execute()
    : await db
        .selectFrom('lots')
        .select(['code', 'item'])
        .where('org_id', '=', orgId)
        .where(
          'code',
          'in',
          ordered.map((u) => u.lot),
        )
        .execute();
  for (const lot of held) {
    const use = wanted.get(lot.code)!;
    if (lot.item !== use.item) {
      throw conflict('lot-item-mismatch', `lot ${lot.code} holds item ${lot.item}, not ${use.item}`, {
        lot: lot.code,
        item: use.item,
        expected: lot.item,
      });
    }
  }
}
