import type { WorkOrderInput, WorkOrderQuery } from '@shopfloor/sdk';
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import { badRequest } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { type IssuedTo, issuedSql } from './readiness.js';
import { boardCounts, EMPTY_BOARD, onTheBoard } from './work-order-board.js';
import type { OperationRow, ShownWorkOrderRow, WorkOrderRow } from './work-order-view.js';

const WORK_ORDER_COLUMNS = [
  'wo.no',
  'wo.item',
  'wo.qty',
  'wo.due',
  'wo.status',
  'wo.lot',
  'wo.location',
  'wo.issue_location',
  'wo.backflush',
  'wo.created_at',
  'wo.released_at',
  'wo.closed_at',
  'wo.status_reason',
  'i.uom',
  'i.precision',
  'i.name as item_name',
] as const;

/** WORK_ORDER_COLUMNS' names in a row: listed, not `*`, so the statement stays prepared (db/database.ts). */
const LISTED_NAMES = WORK_ORDER_COLUMNS.map((c) => c.split(' as ')[1] ?? c.split('.')[1]!);

function workOrders(db: Db, orgId: string) {
  return db
    .selectFrom('work_orders as wo')
    .leftJoin('items as i', (j) => j.onRef('i.org_id', '=', 'wo.org_id').onRef('i.code', '=', 'wo.item'))
    .select(WORK_ORDER_COLUMNS)
    .where('wo.org_id', '=', orgId);
}

/**
 * A timestamp as the API shows it (isoShanghai: 2026-11-25T12:30:00.000+08:00), formatted by
 * PostgreSQL: a list of 50 orders has ~1,300 of them, and parsing each into a Date and back took
 * 7 % of the server's CPU for a home page. Milliseconds are cut, as a JS Date cuts them.
 */
export function shanghaiText(column: RawBuilder<unknown>) {
  return sql<
    string | null
  >`to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;
}

/**
 * The same Shanghai time as the timestamp's text (`2026-11-25 12:30:00.5`), for shanghaiTextOf to
 * reshape: to_char four times a row was ~10 of the 14 ms of the board's operations statement (1,300
 * rows at a year on PGlite). The text is ISO because the driver's own timestamp parsing needs
 * DateStyle ISO too.
 */
export function shanghaiPlain(column: RawBuilder<unknown>) {
  return sql<string | null>`((${column} at time zone 'UTC') + interval '8 hours')::text`;
}

/** shanghaiPlain's text in DateStyle ISO: `YYYY-MM-DD HH:MI:SS[.ffffff]`. */
const ISO_PLAIN = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?$/;

/**
 * shanghaiPlain's text as shanghaiText's: milliseconds cut, as to_char's MS cuts them; infinity null,
 * as to_char has it. Any other shape (a DateStyle not ISO) is refused, never reshaped wrong.
 */
export function shanghaiTextOf(plain: string | null): string | null {
  if (plain === null || plain === 'infinity' || plain === '-infinity') return null;
  if (!ISO_PLAIN.test(plain))
    throw new Error(`a timestamp as text not in ISO form (DateStyle ISO needed): ${plain}`);
  const ms = plain.length > 20 ? `${plain.slice(20, 23)}00`.slice(0, 3) : '000';
  return `${plain.slice(0, 10)}T${plain.slice(11, 19)}.${ms}+08:00`;
}

/** shanghaiText in statements written out; `$column` stands for the column. */
const SHANGHAI_TEXT = `to_char(($column at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;

/** Operations of several work orders in one query, grouped by work order, in seq order. */
export async function operationsOf(
  db: Db,
  orgId: string,
  nos: readonly string[],
): Promise<Map<string, OperationRow[]>> {
  const byNo = new Map<string, OperationRow[]>(nos.map((no) => [no, []]));
  if (nos.length === 0) return byNo;
  const rows = await db
    .selectFrom('work_order_operations as o')
    .leftJoin('workshops as w', (j) =>
      j.onRef('w.org_id', '=', 'o.org_id').onRef('w.code', '=', 'o.workshop'),
    )
    .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'o.org_id').onRef('u.id', '=', 'o.owner'))
    .select([
      'o.work_order_no',
      'o.seq',
      'o.name',
      'o.workshop',
      'w.name as workshop_name',
      'o.work_center',
      'o.standard_minutes',
      'o.status',
      'o.good_qty',
      'o.scrap_qty',
      shanghaiPlain(sql.ref('o.planned_start')).as('planned_start'),
      shanghaiPlain(sql.ref('o.planned_end')).as('planned_end'),
      shanghaiPlain(sql.ref('o.actual_start')).as('actual_start'),
      shanghaiPlain(sql.ref('o.actual_end')).as('actual_end'),
      'o.owner',
      'u.name as owner_name',
    ])
    .where('o.org_id', '=', orgId)
    .where('o.work_order_no', 'in', nos)
    .orderBy('o.work_order_no')
    .orderBy('o.seq')
    .execute();
  for (const row of rows) {
    // The four times come as plain text (shanghaiPlain): reshaped here.
    row.planned_start = shanghaiTextOf(row.planned_start);
    row.planned_end = shanghaiTextOf(row.planned_end);
    row.actual_start = shanghaiTextOf(row.actual_start);
    row.actual_end = shanghaiTextOf(row.actual_end);
    byNo.get(row.work_order_no)?.push(row);
  }
  return byNo;
}

export async function findWorkOrder(
  db: Db,
  orgId: string,
  no: string,
): Promise<{ wo: WorkOrderRow; ops: OperationRow[] } | null> {
  const wo = await workOrders(db, orgId).where('wo.no', '=', no).executeTakeFirst();
  if (!wo) return null;
  const ops = (await operationsOf(db, orgId, [no])).get(no) ?? [];
  return { wo, ops };
}

/**
 * A page of work orders by (due, no). `workshops` limits them to those with an operation in one of
 * the workshops (an operator's scope); null = no limit. `view: 'board'` keeps the board selection
 * (work-order-board.ts) as of `today` (Shanghai) and counts what it holds beyond the page.
 */
export async function listWorkOrders(
  db: Db,
  orgId: string,
  query: WorkOrderQuery,
  workshops: readonly string[] | null,
  today: string,
) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 2);
  const board = query.view === 'board';
  let q = workOrders(db, orgId);
  if (query.status) q = q.where('wo.status', '=', query.status);
  if (query.item) q = q.where('wo.item', '=', query.item);
  if (query.dueBefore) q = q.where('wo.due', '<', query.dueBefore);
  if (board) q = q.where(onTheBoard(today));
  for (const scope of [query.workshop ? [query.workshop] : null, workshops]) {
    if (scope === null) continue;
    if (scope.length === 0)
      return {
        rows: [],
        nextCursor: null,
        ops: new Map<string, OperationRow[]>(),
        ...(board ? EMPTY_BOARD : {}),
      };
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('work_order_operations as o')
          .select(sql`1`.as('one'))
          .whereRef('o.org_id', '=', 'wo.org_id')
          .whereRef('o.work_order_no', '=', 'wo.no')
          .where('o.workshop', 'in', scope),
      ),
    );
  }
  const selection = q;
  if (after) {
    const [due, no] = after.map(String) as [string, string];
    q = q.where(sql<boolean>`(wo.due, wo.no) > (${due}::date, ${no})`);
  }
  // The board: a page of each status onTheBoard admits, by (due, no) off work_orders_status_due, merged
  // (Merge Append), instead of walking work_orders_due past every closed order due before the page's
  // last one (12,000 of them at a year: 5.7 → 0.4 ms).
  const branch = (status: 'in-progress' | 'on-hold' | 'released') =>
    q
      .where('wo.status', '=', status)
      .orderBy('wo.due')
      .orderBy('wo.no')
      .limit(limit + 1);
  type Listed = Awaited<ReturnType<typeof q.execute>>[number];
  const rows: Listed[] =
    board && !query.status
      ? (
          await sql<Listed>`select ${sql.join(LISTED_NAMES.map((c) => sql.ref(`b.${c}`)))}
            from ((${branch('in-progress')}) union all (${branch('on-hold')})
                  union all (${branch('released')})) b
            order by b.due, b.no limit ${limit + 1}`.execute(db)
        ).rows
      : await q
          .orderBy('wo.due')
          .orderBy('wo.no')
          .limit(limit + 1)
          .execute();
  const shown = page(rows, limit, (r) => [r.due, r.no]);
  const ops = await operationsOf(
    db,
    orgId,
    shown.rows.map((r) => r.no),
  );
  // A page smaller than the limit on the first request is the whole selection: no count needed.
  const whole = !after && shown.nextCursor === null;
  const held = !board
    ? {}
    : whole
      ? { total: shown.rows.length, counts: countOf(shown.rows, today) }
      : await boardCounts(selection, today);
  return { ...shown, ops, ...held };
}

/** An operation the home page lists, with what its shown status needs of the one before it. */
export interface ListedBrief {
  seq: number;
  status: OperationRow['status'];
  /** Good quantity of the operation before it; null for the first. */
  previous_good: string | null;
  planned_start: string | null;
}

/** Of a page order, what the home needs to choose among its operations and judge its 齐套. */
export type HomeOrderRow = Pick<
  WorkOrderRow,
  'no' | 'item' | 'qty' | 'due' | 'status' | 'backflush' | 'issue_location'
>;

/** A page order with the operations the home lists of it, in seq order. */
export interface HomeOrder {
  wo: HomeOrderRow;
  listed: ListedBrief[];
  /** Good quantity of its last operation (what it has reported). */
  lastGood: string;
}

/** The home's listing: its orders, what was issued to its startable ones, the BOM's revision. */
export interface HomeListing {
  orders: HomeOrder[];
  /** What was issued to the orders whose first operation is listed, released or in progress. */
  issued: IssuedTo;
  /** Undefined when nothing was read. */
  bomRevision: number | undefined;
  /** The statement's snapshot (pg_current_snapshot()), null when nothing was read. */
  snapshot: string | null;
  /**
   * Of the operations the horizon judges (not done, in the listing's workshops, of the orders
   * paged), the latest planned start listed and the earliest one not, as epoch milliseconds cut to
   * the millisecond (null: none): the same operations are listed for any horizon H with
   * lastStart ≤ H < nextStart (listed: a start before H's next millisecond, so cut, at most H).
   */
  lastStart: number | null;
  nextStart: number | null;
}

/** The text of the home's listing statement for a number of workshop scopes (each an `exists`). */
const homeListings = new Map<number, string>();

/**
 * The home's listing statement: one page (the first `limit` by due, no) of each status, each order's
 * listed operations, all as one JSON value (one row: no per-row, per-column parsing in the driver);
 * with what was issued to the orders whose 齐套 the home judges first (first operation listed,
 * released or in progress: the startable ones) and the BOM's revision, each a statement less.
 * $1 org, $2 statuses, $3 limit, $4 the listing's workshops (null: any), $5 the horizon's next
 * millisecond, $6… scopes. Written out, not built: no `*` (so it is kept prepared per connection)
 * and no query compiling on each request. One window (lag ignores the frame): one pass of sorting.
 */
function homeListing(scopes: number): string {
  let text = homeListings.get(scopes);
  if (text !== undefined) return text;
  const exists = Array.from(
    { length: scopes },
    (_, i) => `
        and exists (select 1 from work_order_operations o
                    where o.org_id = wo.org_id and o.work_order_no = wo.no and o.workshop = any($${6 + i}::text[]))`,
  ).join('');
  text = `
    with pages as (
      select s.part, wo.no, wo.item, wo.qty, wo.due, wo.status, wo.backflush, wo.issue_location,
             b.last_good, b.briefs, b.first_listed, b.last_start, b.next_start
      from unnest($2::text[]) with ordinality as s(status, part)
      cross join lateral (
        select wo.no, wo.item, wo.qty, wo.due, wo.status, wo.backflush, wo.issue_location
        from work_orders wo
        where wo.org_id = $1 and wo.status = s.status${exists}
        order by wo.due, wo.no
        limit $3
      ) wo
      join lateral (
        select json_agg(json_build_array(o.seq, o.status, o.previous_good,
                                         ${SHANGHAI_TEXT.replace('$column', 'o.planned_start')}) order by o.seq)
                 filter (where o.listed) as briefs,
               min(o.last_good) filter (where o.listed) as last_good,
               bool_or(o.previous_good is null) filter (where o.listed) as first_listed,
               max(o.planned_start) filter (where o.listed) as last_start,
               min(o.planned_start) filter (where not o.listed) as next_start
        from (select o.seq, o.status, o.workshop, o.planned_start,
                     o.planned_start is null or o.planned_start < $5::timestamptz as listed,
                     lag(o.good_qty::text) over by_seq as previous_good,
                     last_value(o.good_qty::text) over by_seq as last_good
              from work_order_operations o
              where o.org_id = $1 and o.work_order_no = wo.no
              window by_seq as (order by o.seq rows between unbounded preceding and unbounded following)) o
        where o.status <> 'done' and ($4::text[] is null or o.workshop = any($4::text[]))
      ) b on true
    )
    select (select json_agg(json_build_array(p.no, p.item, p.qty::text, p.due::text, p.status, p.backflush,
                                             p.issue_location, p.last_good, p.briefs)
                            order by p.part, p.due, p.no)
            from pages p where p.briefs is not null) as orders,
           (select json_agg(json_build_array(i.key, i.item, i.qty))
            from (${issuedSql(`in (select p.no from pages p
                                   where p.first_listed and p.status in ('released', 'in-progress'))`)}) i) as issued,
           (select r.revision from bom_revisions r where r.org_id = $1) as bom_revision,
           (select floor(extract(epoch from max(p.last_start)) * 1000)::text from pages p) as last_start,
           (select floor(extract(epoch from min(p.next_start)) * 1000)::text from pages p) as next_start,
           pg_current_snapshot()::text as snapshot`;
  homeListings.set(scopes, text);
  return text;
}

/**
 * One page (the first `limit` by due, no) of each of `statuses`, in one statement: the home view
 * (work-order-home.ts) asked three pages in three requests. `scopes`: each a list of workshops an
 * order must have an operation in (the asked workshop, an operator's own); none → no orders. Of
 * each order, the operations the home lists (the app's openOperations rule: not done, in one of
 * `listScope`'s workshops — any when null —, planned to start by `horizon` or unplanned), in seq
 * order; orders without one are left out. Only what choosing and 齐套 need: the orders sent are read
 * whole afterwards (homeOrdersShown).
 */
export async function firstOfEachStatus(
  db: Db,
  orgId: string,
  statuses: readonly WorkOrderRow['status'][],
  limit: number,
  scopes: readonly (readonly string[])[],
  listScope: readonly string[] | null,
  horizon: Date,
): Promise<HomeListing> {
  if (statuses.length === 0 || scopes.some((scope) => scope.length === 0))
    return {
      orders: [],
      issued: new Map(),
      bomRevision: undefined,
      snapshot: null,
      lastStart: null,
      nextStart: null,
    };
  // A scope holding every workshop of another is implied by it (an operator asking one of his own
  // workshops): one `exists` a candidate order fewer.
  const needed = scopes.filter(
    (scope, i) =>
      !scopes.some(
        (other, j) =>
          j !== i && other.every((w) => scope.includes(w)) && (other.length < scope.length || j < i),
      ),
  );
  const { rows } = await db.executeQuery<{
    orders: HomeOrderJson[] | null;
    issued: [string, string, string][] | null;
    bom_revision: number | string | null;
    last_start: string | null;
    next_start: string | null;
    snapshot: string;
  }>(
    CompiledQuery.raw(homeListing(needed.length), [
      orgId,
      statuses,
      limit,
      listScope,
      // Planned by the horizon as the shown text has it, cut to ms (Date.parse): before its next ms.
      new Date(horizon.getTime() + 1).toISOString(),
      ...needed,
    ]),
  );
  const issued = new Map<string, Map<string, number>>();
  for (const [no, item, qty] of rows[0]?.issued ?? []) {
    const byItem = issued.get(no) ?? new Map<string, number>();
    byItem.set(item, Number(qty));
    issued.set(no, byItem);
  }
  const orders = (rows[0]?.orders ?? []).map(
    ([no, item, qty, due, status, backflush, issue_location, lastGood, briefs]) => ({
      wo: { no, item, qty, due, status, backflush, issue_location },
      listed: briefs.map(([seq, status, previous_good, planned_start]) => ({
        seq,
        status,
        previous_good,
        planned_start,
      })),
      lastGood,
    }),
  );
  const row = rows[0];
  const ms = (text: string | null | undefined) => (text == null ? null : Number(text));
  return {
    orders,
    issued,
    bomRevision: Number(row?.bom_revision ?? 0),
    snapshot: row?.snapshot ?? null,
    lastStart: ms(row?.last_start),
    nextStart: ms(row?.next_start),
  };
}

type HomeOrderJson = [
  string,
  string,
  string,
  string,
  WorkOrderRow['status'],
  boolean,
  string | null,
  string,
  [number, OperationRow['status'], string | null, string | null][],
];

/** An order the home sends: its row, the operations shown of it, and its progress over all of them. */
export interface ShownOrder {
  wo: ShownWorkOrderRow;
  /** The operations shown, in seq order, each with the good quantity of the one before it. */
  shown: { op: OperationRow; previousGood: string | undefined }[];
  /** Good quantity of the last operation. */
  lastGood: string;
  /** Scrap of all its operations, summed exactly. */
  scrap: string;
}

const SHOWN_ORDERS = `
  select json_agg(json_build_array(wo.no, wo.item, wo.qty::text, wo.due::text, wo.status, wo.lot, wo.location,
                                   wo.issue_location, wo.backflush,
                                   ${SHANGHAI_TEXT.replace('$column', 'wo.created_at')},
                                   ${SHANGHAI_TEXT.replace('$column', 'wo.released_at')},
                                   ${SHANGHAI_TEXT.replace('$column', 'wo.closed_at')},
                                   wo.status_reason, i.uom, i.precision, i.name, x.ops, x.last_good, x.scrap)) as orders,
         pg_current_snapshot()::text as snapshot
  from (select s.no, array_agg(s.seq) as seqs from unnest($2::text[], $3::int[]) as s(no, seq) group by s.no) s
  join work_orders wo on wo.org_id = $1 and wo.no = s.no
  left join items i on i.org_id = wo.org_id and i.code = wo.item
  cross join lateral (
    select json_agg(json_build_array(o.seq, o.name, o.workshop, w.name, o.work_center, o.standard_minutes::text,
                                     o.status, o.good_qty::text, o.scrap_qty::text,
                                     ${SHANGHAI_TEXT.replace('$column', 'o.planned_start')},
                                     ${SHANGHAI_TEXT.replace('$column', 'o.planned_end')},
                                     ${SHANGHAI_TEXT.replace('$column', 'o.actual_start')},
                                     ${SHANGHAI_TEXT.replace('$column', 'o.actual_end')},
                                     o.owner, u.name, o.previous_good) order by o.seq) as ops,
           min(o.last_good) as last_good, min(o.scrap) as scrap
    from (select o.org_id, o.seq, o.name, o.workshop, o.work_center, o.standard_minutes, o.status, o.good_qty,
                 o.scrap_qty, o.planned_start, o.planned_end, o.actual_start, o.actual_end, o.owner,
                 lag(o.good_qty::text) over by_seq as previous_good,
                 last_value(o.good_qty::text) over by_seq as last_good,
                 (sum(o.scrap_qty) over by_seq)::text as scrap
          from work_order_operations o
          where o.org_id = $1 and o.work_order_no = wo.no
          window by_seq as (order by o.seq rows between unbounded preceding and unbounded following)) o
    left join workshops w on w.org_id = o.org_id and w.code = o.workshop
    left join users u on u.org_id = o.org_id and u.id = o.owner
    where o.seq = any(s.seqs)
  ) x`;

type ShownOrderJson = [
  no: string,
  item: string,
  qty: string,
  due: string,
  status: WorkOrderRow['status'],
  lot: string | null,
  location: string | null,
  issue_location: string | null,
  backflush: boolean,
  created_at: string,
  released_at: string | null,
  closed_at: string | null,
  status_reason: string | null,
  uom: string | null,
  precision: number | null,
  item_name: string | null,
  ops: ShownOperationJson[],
  last_good: string,
  scrap: string,
];

type ShownOperationJson = [
  number,
  string,
  string,
  string | null,
  string | null,
  string,
  OperationRow['status'],
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/**
 * The orders the home sends, whole, with only the operations it shows of each (`seqs`: order
 * number → seqs): ~30 operations instead of every operation of ~20 orders (~150 rows, ~50 kB), as
 * one JSON value with their times formatted (shanghaiText), as the listing. Keyed by order number;
 * with the statement's snapshot (null when nothing was asked, so nothing read).
 */
export async function homeOrdersShown(
  db: Db,
  orgId: string,
  seqs: ReadonlyMap<string, readonly number[]>,
): Promise<{ byNo: Map<string, ShownOrder>; snapshot: string | null }> {
  const nos: string[] = [];
  const each: number[] = [];
  for (const [no, some] of seqs)
    for (const seq of some) {
      nos.push(no);
      each.push(seq);
    }
  const byNo = new Map<string, ShownOrder>();
  if (nos.length === 0) return { byNo, snapshot: null };
  const { rows } = await db.executeQuery<{ orders: ShownOrderJson[] | null; snapshot: string }>(
    CompiledQuery.raw(SHOWN_ORDERS, [orgId, nos, each]),
  );
  for (const [
    no,
    item,
    qty,
    due,
    status,
    lot,
    location,
    issue_location,
    backflush,
    created_at,
    released_at,
    closed_at,
    status_reason,
    uom,
    precision,
    item_name,
    ops,
    lastGood,
    scrap,
  ] of rows[0]?.orders ?? [])
    byNo.set(no, {
      wo: {
        no,
        item,
        qty,
        due,
        status,
        lot,
        location,
        issue_location,
        backflush,
        created_at,
        released_at,
        closed_at,
        status_reason,
        uom,
        precision,
        item_name,
      },
      shown: ops.map((op) => ({
        op: {
          work_order_no: no,
          seq: op[0],
          name: op[1],
          workshop: op[2],
          workshop_name: op[3],
          work_center: op[4],
          standard_minutes: op[5],
          status: op[6],
          good_qty: op[7],
          scrap_qty: op[8],
          planned_start: op[9],
          planned_end: op[10],
          actual_start: op[11],
          actual_end: op[12],
          owner: op[13],
          owner_name: op[14],
        },
        previousGood: op[15] ?? undefined,
      })),
      lastGood,
      scrap,
    });
  return { byNo, snapshot: rows[0]?.snapshot ?? null };
}

/** The board counts of a selection that fits in one page, from its rows. */
function countOf(rows: readonly WorkOrderRow[], today: string) {
  const counts = { ...EMPTY_BOARD.counts };
  for (const r of rows) {
    if (r.status === 'in-progress' || r.status === 'released' || r.status === 'on-hold')
      counts[r.status] += 1;
    if (r.due < today) counts.overdue += 1;
  }
  return counts;
}

/** Next generated number of the Shanghai day: WO-20261125-0001, WO-20261125-0002, … */
export async function nextWorkOrderNo(db: Db, orgId: string, day: string): Promise<string> {
  const r = await sql<{ last: number }>`
    insert into work_order_numbers (org_id, day, last) values (${orgId}, ${day}::date, 1)
    on conflict (org_id, day) do update set last = work_order_numbers.last + 1
    returning last`.execute(db);
  return `WO-${day.replaceAll('-', '')}-${String(r.rows[0]!.last).padStart(4, '0')}`;
}

export interface NewWorkOrder extends WorkOrderInput {
  no: string;
  location: string | undefined;
  issueLocation: string | undefined;
  createdAt: Date;
}

/**
 * Inserts the work order and copies the item's routing into its operations. False when the number
 * is taken (nothing written), so a generated number can move on to the next one.
 */
export async function insertWorkOrder(db: Db, orgId: string, wo: NewWorkOrder): Promise<boolean> {
  const inserted = await db
    .insertInto('work_orders')
    .values({
      org_id: orgId,
      no: wo.no,
      item: wo.item,
      qty: wo.qty,
      due: wo.due,
      lot: wo.lot ?? null,
      location: wo.location ?? null,
      issue_location: wo.issueLocation ?? null,
      backflush: wo.backflush ?? false,
      created_at: wo.createdAt,
    })
    .onConflict((oc) => oc.columns(['org_id', 'no']).doNothing())
    .returning('no')
    .executeTakeFirst();
  if (!inserted) return false;
  const copied = await sql`
    insert into work_order_operations (org_id, work_order_no, seq, name, workshop, work_center, standard_minutes,
                                       setup_minutes, owner)
    select r.org_id, ${wo.no}, r.seq, r.name, r.workshop, r.work_center, r.standard_minutes, r.setup_minutes,
           coalesce(r.owner, c.owner)
    from routings r
    left join work_centers c on c.org_id = r.org_id and c.code = r.work_center
    where r.org_id = ${orgId} and r.item = ${wo.item}`.execute(db);
  if (Number(copied.numAffectedRows ?? 0) === 0) {
    throw badRequest(`item ${wo.item} has no routing: define its operations before creating work orders`, [
      { path: 'item', message: 'no routing' },
    ]);
  }
  return true;
}
