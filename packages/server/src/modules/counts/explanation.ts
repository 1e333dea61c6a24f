import { sql } from 'kysely';
import { z } from 'zod';
import { conflict, forbidden } from '../../http/problem.js';
import type { Principal } from '../../http/session.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';
import { countNotFound } from './errors.js';
import type { CountDb } from './tables.js';
import { seesBook, seesWarehouse } from './view.js';

const Suspect = z.enum(['unwritten-scrap', 'unbooked-return', 'unapproved-emergency', 'backflush-and-issue']);

export const CountExplanation = z
  .object({
    count: z.string(),
    item: z.string(),
    location: z.string(),
    lot: z.string().nullable(),
    bookQty: z.number(),
    countedQty: z.number(),
    variance: z.number(),
    since: z
      .string()
      .nullable()
      .describe('When the previous accepted count of this balance was made; null: from the start'),
    previousCount: z.string().nullable(),
    movements: z.array(
      z.object({
        at: z.string(),
        kind: z.string(),
        qty: z.number(),
        lot: z.string().nullable(),
        actor: z.string(),
        document: z.object({
          type: z.string(),
          id: z.string(),
          no: z
            .string()
            .nullable()
            .describe('The document number people use (IR-…, TR-…, the work order of a report)'),
        }),
        suspects: z.array(Suspect),
      }),
    ),
    /** Documents that moved nothing yet but explain a shelf below the book. */
    unposted: z.array(
      z.object({
        suspect: Suspect,
        document: z.object({ type: z.string(), id: z.string(), no: z.string().nullable() }),
        at: z.string(),
        qty: z
          .number()
          .describe(
            'Quantity of this item the document names (scrap: the components the scrapped units held)',
          ),
      }),
    ),
  })
  .meta({ id: 'CycleCountExplanation' });
export type CountExplanation = z.infer<typeof CountExplanation>;

interface MovementRow {
  id: string;
  at: Date;
  kind: string;
  qty: string;
  lot: string;
  actor: string;
  source_type: string;
  source_id: string;
  request_no: string | null;
  request_kind: string | null;
  request_status: string | null;
  request_work_order: string | null;
  emergency: boolean | null;
  report_work_order: string | null;
  transfer_no: string | null;
}

/**
 * 差异从哪里来: the movements of the count's balance between its previous accepted count and
 * this one, each with its document, the usual suspects marked, and the documents that should
 * have moved it and did not (scrap reported on operations never written off, returns never booked).
 */
export async function explainCount(db: CountDb, user: Principal, id: string): Promise<CountExplanation> {
  const row = await db
    .selectFrom('cycle_counts')
    .selectAll()
    .where('org_id', '=', user.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !seesWarehouse(user, row.warehouse)) throw countNotFound(id);
  if (row.counted_at === null) {
    throw conflict('count-not-counted', `cycle count ${id} is not counted yet`, {
      count: id,
      status: row.status,
    });
  }
  if (!seesBook(user, row) && row.blind) {
    throw forbidden('a blind count hides the book from its counter', { count: id }, 'count-blind');
  }
  const previous = await db
    .selectFrom('cycle_counts')
    .select(['id', 'counted_at'])
    .where('org_id', '=', user.orgId)
    .where('item', '=', row.item)
    .where('location', '=', row.location)
    .where('lot', '=', row.lot)
    .where('status', '=', 'done')
    .where('id', '<>', id)
    .where('counted_at', '<', row.counted_at)
    .orderBy('counted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const since = previous?.counted_at ?? new Date(0);
  // Movements after the previous count up to this count, this count's own adjustment excluded.
  const moved = await sql<MovementRow>`
    select m.id, m.at, m.kind, m.qty, m.lot, m.actor, m.source_type, m.source_id,
      ir.no as request_no, ir.kind as request_kind, ir.status as request_status,
      ir.work_order_no as request_work_order, ir.emergency as emergency,
      r.work_order_no as report_work_order,
      (select t.no from transfers t where t.org_id = m.org_id and m.source_type = 'transfer' and t.id::text = m.source_id) as transfer_no
    from stock_movements m
    left join issue_requests ir on m.source_type = 'issue-request' and ir.org_id = m.org_id and ir.id::text = m.source_id
    left join operation_reports r on m.source_type = 'operation-report' and r.org_id = m.org_id and r.id::text = m.source_id
    where m.org_id = ${user.orgId} and m.item = ${row.item} and m.location = ${row.location}
      and m.lot = ${row.lot} and m.at > ${since} and m.at <= ${row.counted_at}
      and not (m.source_type = 'cycle-count' and m.source_id = ${id})
    order by m.at, m.id`.execute(db);
  // A work order that got this item both by request and by backflush was charged twice.
  const issuedTo = new Set(
    moved.rows
      .filter((m) => m.request_kind === 'issue' && m.request_work_order)
      .map((m) => m.request_work_order!),
  );
  const backflushedTo = new Set(
    moved.rows.filter((m) => m.report_work_order).map((m) => m.report_work_order!),
  );
  const movements = moved.rows.map((m) => {
    const suspects: z.infer<typeof Suspect>[] = [];
    if (m.emergency && m.request_status === 'pending') suspects.push('unapproved-emergency');
    const wo = m.report_work_order ?? m.request_work_order;
    if (wo && issuedTo.has(wo) && backflushedTo.has(wo)) suspects.push('backflush-and-issue');
    return {
      at: isoShanghai(m.at)!,
      kind: m.kind,
      qty: qty(m.qty),
      lot: m.lot === '' ? null : m.lot,
      actor: m.actor,
      document: {
        type: m.source_type,
        id: m.source_id,
        no: m.request_no ?? m.report_work_order ?? m.transfer_no ?? null,
      },
      suspects,
    };
  });
  return {
    count: id,
    item: row.item,
    location: row.location,
    lot: row.lot === '' ? null : row.lot,
    bookQty: qty(row.book_qty),
    countedQty: qty(row.counted_qty),
    variance: qty(Number(row.counted_qty) - Number(row.book_qty)),
    since: previous ? isoShanghai(previous.counted_at) : null,
    previousCount: previous?.id ?? null,
    movements,
    unposted: [
      ...(await unbookedReturns(db, user.orgId, row, since)),
      ...(await unwrittenScrap(db, user.orgId, row, since)),
    ],
  };
}

type Balance = { item: string; location: string; lot: string; counted_at: Date | null };

/** Returns of this balance asked for and never approved: the parts came back, the book did not. */
async function unbookedReturns(db: CountDb, orgId: string, row: Balance, since: Date) {
  const r = await sql<{ id: string; no: string; created_at: Date; qty: string }>`
    select ir.id, ir.no, ir.created_at, sum(l.qty) as qty
    from issue_requests ir join issue_request_lines l on l.request_id = ir.id
    where ir.org_id = ${orgId} and ir.kind = 'return' and ir.status in ('draft', 'pending')
      and l.item = ${row.item} and l.location = ${row.location} and l.lot = ${row.lot}
      and ir.created_at > ${since} and ir.created_at <= ${row.counted_at}
    group by ir.id, ir.no, ir.created_at order by ir.created_at`.execute(db);
  return r.rows.map((x) => ({
    suspect: 'unbooked-return' as const,
    document: { type: 'issue-request', id: x.id, no: x.no },
    at: isoShanghai(x.created_at)!,
    qty: qty(x.qty),
  }));
}

/**
 * Scrap reported on operations of work orders that took this item from this location, with no
 * approved scrap request of the item for the work order: the scrapped units used parts the book
 * still holds. The quantity is the scrapped units times the BOM's direct use of the item.
 */
async function unwrittenScrap(db: CountDb, orgId: string, row: Balance, since: Date) {
  const r = await sql<{ id: string; work_order_no: string; created_at: Date; qty: string }>`
    select r.id, r.work_order_no, r.created_at, r.scrap_qty * coalesce(bl.per_unit, 0) as qty
    from operation_reports r
    join work_orders wo on wo.org_id = r.org_id and wo.no = r.work_order_no
    left join lateral (select sum(b.qty) as per_unit from bom_lines b
      where b.org_id = wo.org_id and b.parent = wo.item and b.child = ${row.item}) bl on true
    where r.org_id = ${orgId} and r.scrap_qty > 0 and bl.per_unit > 0
      and r.created_at > ${since} and r.created_at <= ${row.counted_at}
      and exists (select 1 from stock_movements m where m.org_id = r.org_id and m.item = ${row.item}
        and m.location = ${row.location} and m.kind = 'issue'
        and ((m.source_type = 'operation-report' and m.source_id in
              (select r2.id::text from operation_reports r2 where r2.org_id = r.org_id and r2.work_order_no = r.work_order_no))
          or (m.source_type = 'issue-request' and m.source_id in
              (select ir.id::text from issue_requests ir where ir.org_id = r.org_id and ir.work_order_no = r.work_order_no))))
      and not exists (select 1 from issue_requests s join issue_request_lines sl on sl.request_id = s.id
        where s.org_id = r.org_id and s.kind = 'scrap' and s.work_order_no = r.work_order_no
          and s.status in ('approved', 'partially-approved') and sl.item = ${row.item})
    order by r.created_at`.execute(db);
  return r.rows.map((x) => ({
    suspect: 'unwritten-scrap' as const,
    document: { type: 'operation-report', id: x.id, no: x.work_order_no },
    at: isoShanghai(x.created_at)!,
    qty: qty(x.qty),
  }));
}
