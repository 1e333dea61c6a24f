import { createHash } from 'node:crypto';
import { roundQty } from '@shopfloor/bom-engine';
import type { OperationReport, OperationReportInput } from '@shopfloor/sdk';
import { CompiledQuery, type QueryResult, type RawBuilder, sql } from 'kysely';
import { callStatement, severalStatementsOf } from '../../db/database.js';
import type { OperationStatus, WorkOrderStatus } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { badRequest, conflict, forbidden, notFound, type ProblemParams } from '../../http/problem.js';
import type { Db, FirstRead, IdempotencyRecord } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { fitsPrecision, precisionMessage, qty } from '../../shared/numbers.js';
import { dateShanghai, isoShanghai } from '../../shared/time.js';
import { replanWorkOrder } from '../planning/planner.js';
import type { MovementInput } from '../stock/ledger.js';
import { backflushNeeds, takeFromHolders } from './backflush.js';
import { STOPPED_STATUSES } from './lifecycle-rules.js';
import { newReportId } from './report-id.js';
import {
  type SequenceState,
  sequenceViolation,
  statusAfter,
  stoppedMessage,
  stoppedStatus,
} from './report-rules.js';
import { workshopNames } from './scope.js';

interface OperationRow {
  seq: number;
  status: OperationStatus;
  good_qty: string;
  scrap_qty: string;
  workshop: string;
}

interface OperationContext extends OperationRow {
  previous: OperationRow | undefined;
  /** The routing's last operation: it receives the output into stock. */
  is_last: boolean;
  planned_end: Date | null;
  wo: {
    status: WorkOrderStatus;
    qty: string;
    item: string;
    lot: string | null;
    location: string | null;
    issue_location: string | null;
    backflush: boolean;
    /** Decimal places the item is counted in, and its unit. */
    precision: number;
    uom: string;
  };
}

interface LotUpsert {
  code: string;
  item: string;
  kind: 'material' | 'wip' | 'finished';
  qty: number;
}

const REPORTABLE: readonly WorkOrderStatus[] = ['released', 'in-progress'];

/**
 * 报工, the hot path, in the caller's transaction: one locking read of the operation and the one
 * before it, then one statement for every write (lots, report, genealogy edges, operation, work
 * order, outbox event, the Idempotency-Key record), and the ledger at the last operation only.
 */
export async function recordReport(
  db: Db,
  deps: AppDeps,
  user: Principal,
  target: { no: string; seq: number },
  sent: OperationReportInput,
  /** The Idempotency-Key record, written by the same statement as the report when given. */
  idempotency?: IdempotencyRecord,
  /** The rows of `lockOperationRead`, when the route ran it with the Idempotency-Key's look-up. */
  lockedRows?: readonly unknown[],
): Promise<OperationReport> {
  const { orgId } = user;
  const op = lockedRows
    ? operationContext(lockedRows as LockedRow[], target.seq)
    : await lockOperation(db, deps, orgId, target.no, target.seq);
  if (!op) throw await missingOperation(db, orgId, target.no, target.seq);

  if (!user.roles.includes('admin') && !user.workshops.includes(op.workshop)) {
    const scope = await scopeWords(db, user, target, op.workshop);
    throw forbidden(scope.message, scope.params, 'operation-out-of-scope');
  }
  const tooFine = (['goodQty', 'scrapQty'] as const).filter(
    (field) => !fitsPrecision(sent[field], op.wo.precision),
  );
  if (tooFine.length > 0) {
    const item = { code: op.wo.item, uom: op.wo.uom, precision: op.wo.precision };
    const errors = tooFine.map((field) => ({ path: field, message: precisionMessage(item, sent[field]) }));
    const field = tooFine[0]!;
    throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors, 'quantity-precision', {
      field,
      item: item.code,
      uom: item.uom,
      precision: item.precision,
      got: sent[field],
    });
  }
  // From here on the quantities as the item counts them: float noise (0.1 + 0.2) is never stored.
  const input: OperationReportInput = {
    ...sent,
    goodQty: roundQty(sent.goodQty, op.wo.precision),
    scrapQty: roundQty(sent.scrapQty, op.wo.precision),
    ...(sent.consumedLots ? { consumedLots: sent.consumedLots.map((c) => ({ ...c, qty: qty(c.qty) })) } : {}),
  };
  // The status as the locking read saw it; on PostgreSQL the write statement reads it again below.
  const stopped = stoppedStatus(op.wo.status);
  if (stopped) throw stoppedConflict(target.no, stopped);
  if (!REPORTABLE.includes(op.wo.status)) {
    throw conflict(
      'work-order-not-reportable',
      `work order ${target.no} is ${op.wo.status}: operations can be reported once it is released and until it is done`,
      { workOrderNo: target.no, status: op.wo.status },
    );
  }
  const state: SequenceState = {
    seq: target.seq,
    orderQty: Number(op.wo.qty),
    reportedGood: Number(op.good_qty),
    reportedScrap: Number(op.scrap_qty),
    previous: op.previous
      ? { seq: op.previous.seq, good: Number(op.previous.good_qty), status: op.previous.status }
      : null,
  };
  const violation = sequenceViolation(state, input.goodQty, input.scrapQty);
  if (violation) throw conflict('operation-sequence', violation.message, violation.params);

  const now = deps.clock.now();
  // The start scan (开工): measured from it; a clock ahead of the server's by more than 5 minutes is refused.
  const startedAt = input.startedAt === undefined ? null : new Date(input.startedAt);
  if (startedAt && startedAt.getTime() > now.getTime() + 5 * 60_000) {
    const message = `is after the server's time ${isoShanghai(now)}`;
    throw badRequest(`startedAt ${message}`, [{ path: 'startedAt', message }]);
  }
  const id = newReportId(now);
  const consumed = input.consumedLots ?? [];
  const producedLot =
    input.producedLot ??
    (op.is_last ? (op.wo.lot ?? target.no) : consumed.length > 0 ? `${target.no}-${target.seq}` : undefined);
  const lots = lotsToUpsert(op, producedLot, input);
  const status = statusAfter(state, input.goodQty, input.scrapQty);
  const orderDone =
    op.is_last &&
    (status === 'done' || roundQty(state.reportedGood + input.goodQty, 9) >= roundQty(state.orderQty, 9));
  const orderStatus: WorkOrderStatus = orderDone ? 'done' : 'in-progress';

  const report: OperationReport = {
    id,
    workOrderNo: target.no,
    seq: target.seq,
    goodQty: qty(input.goodQty),
    scrapQty: qty(input.scrapQty),
    ...(input.scrapReason !== undefined ? { scrapReason: input.scrapReason } : {}),
    ...(consumed.length > 0 ? { consumedLots: consumed } : {}),
    ...(producedLot ? { producedLot } : {}),
    ...(startedAt ? { startedAt: isoShanghai(startedAt)! } : {}),
    deviceTime: isoShanghai(input.deviceTime)!,
    reporter: user.userId,
    reportedAt: isoShanghai(now)!,
  };
  const event = { ...report, operationStatus: status, workOrderStatus: orderStatus };

  // One statement: every round trip costs, most on the single embedded connection. Foreign keys
  // (edges → report, edges → lots) are checked at the end of the statement.
  const writes = [
    lots.length > 0
      ? sql`lot_rows as (
          insert into lots (org_id, code, item, kind, qty, origin_type, origin_id, created_at)
          values ${sql.join(lots.map((l) => sql`(${orgId}, ${l.code}, ${l.item}, ${l.kind}, ${l.qty}, 'operation-report', ${id}, ${now})`))}
          on conflict (org_id, code) do update set qty = lots.qty + excluded.qty
          returning code, item)`
      : null,
    sql`report as (
      insert into operation_reports (id, org_id, work_order_no, seq, good_qty, scrap_qty, scrap_reason, produced_lot, reporter, device_time, created_at, started_at)
      values (${id}, ${orgId}, ${target.no}, ${target.seq}, ${input.goodQty}, ${input.scrapQty}, ${input.scrapReason ?? null},
              ${producedLot ?? null}, ${user.userId}, ${input.deviceTime}, ${now}, ${startedAt}))`,
    consumed.length > 0 && producedLot
      ? sql`edges as (
          insert into genealogy_edges (org_id, from_lot, to_lot, qty, report_id, at)
          values ${sql.join(consumed.map((c) => sql`(${orgId}, ${c.lot}, ${producedLot}, ${c.qty}, ${id}::uuid, ${now})`))})`
      : null,
    sql`op as (
      update work_order_operations
      set good_qty = good_qty + ${input.goodQty}, scrap_qty = scrap_qty + ${input.scrapQty}, status = ${status},
          actual_start = coalesce(actual_start, ${startedAt && startedAt < now ? startedAt : now}),
          actual_end = ${status === 'done' ? sql`${now}` : sql`actual_end`}
      where org_id = ${orgId} and work_order_no = ${target.no} and seq = ${target.seq})`,
    orderStatus !== op.wo.status
      ? sql`wo as (update work_orders set status = ${orderStatus} where org_id = ${orgId} and no = ${target.no})`
      : null,
    // The outbox row emitEvent would write, inlined into the same statement.
    sql`event as (
      insert into outbox_events (org_id, topic, aggregate_type, aggregate_id, payload)
      values (${orgId}, 'operation-report.created', 'work-order', ${target.no}, ${JSON.stringify(event)}::jsonb))`,
    idempotency ? sql`idempotency as (${idempotency.insertFor(report)})` : null,
  ].filter((w) => w !== null);
  // A report late on its plan replans its work order after the write (docs/planning.md).
  const replan = !orderDone && op.planned_end !== null && op.planned_end.getTime() < now.getTime();
  // Nothing to do after the write (no lot to check, no replan, no stock to post) and the key's
  // record in it: on PostgreSQL with kept statements the write and COMMIT go in one string.
  const commitHere =
    idempotency !== undefined &&
    lots.length === 0 &&
    !replan &&
    !op.is_last &&
    severalStatementsOf(deps.db) === 'named';
  // The work order's status as committed when the statement starts, after the operation rows were
  // locked: a hold, cancel or close that committed while this report waited (they lock the
  // operation rows too) is seen here, and its 409 rolls these writes back. Read in the same
  // statement, it costs no round trip of its own. With COMMIT in the string the statement itself
  // fails on it (an error skips the COMMIT): see STOPPED_MARK.
  // PGlite runs one transaction at a time: nothing can have committed meanwhile.
  const woNow =
    deps.dbKind === 'pglite'
      ? sql`null as wo_now`
      : commitHere
        ? sql`(select case when status in (${sql.join(STOPPED_STATUSES.map((s) => sql.lit(s)))})
                then (${sql.lit(STOPPED_MARK)} || status)::int end
               from work_orders where org_id = ${orgId} and no = ${target.no}) as refused, null as wo_now`
        : sql`(select status from work_orders where org_id = ${orgId} and no = ${target.no}) as wo_now`;
  const statement = sql<{ code: string | null; item: string | null; wo_now: WorkOrderStatus | null }>`
    with ${sql.join(writes)}
    ${lots.length > 0 ? sql`select code, item, ${woNow} from lot_rows` : sql`select null as code, null as item, ${woNow}`}`;
  const stored = commitHere ? await writeAndCommit(db, statement, target.no) : await statement.execute(db);
  const stoppedSince = stoppedStatus(stored.rows[0]?.wo_now ?? op.wo.status);
  if (stoppedSince) throw stoppedConflict(target.no, stoppedSince);
  for (const lot of lots.length > 0 ? stored.rows : []) {
    const expected = lots.find((l) => l.code === lot.code)!.item;
    if (lot.item !== expected) {
      throw conflict('lot-item-mismatch', `lot ${lot.code} holds item ${lot.item}, not ${expected}`, {
        lot: lot.code,
        item: expected,
        expected: lot.item,
      });
    }
  }

  // A report after the operation's planned end: the rest of the work order is planned again from
  // now, in the same transaction (docs/planning.md).
  if (replan) await replanWorkOrder(db, deps, orgId, target.no, now);
  if (op.is_last) {
    await postLastOperationStock(db, deps, user, id, op, state.reportedGood, input.goodQty, producedLot, now);
  }
  return report;
}

interface LockedRow extends OperationRow {
  planned_end: Date | null;
  wo_status: WorkOrderStatus;
  qty: string;
  item: string;
  lot: string | null;
  location: string | null;
  issue_location: string | null;
  backflush: boolean;
  last_seq: number | null;
  precision: number | null;
  uom: string | null;
}

/**
 * The operation and the one before it, row-locked: reports of one operation queue behind each
 * other, so two cannot both pass the sequence check; locking the previous one too keeps its output
 * from moving underneath the check. PGlite runs one transaction at a time, so there the locks
 * would only cost (a lock record on each row). One statement with the work order joined in, in
 * plain SQL: it runs on every report, and the statement is prepared once, so the join is planned
 * once too.
 */
async function lockOperation(
  db: Db,
  deps: AppDeps,
  orgId: string,
  no: string,
  seq: number,
): Promise<OperationContext | undefined> {
  // PGlite runs one transaction at a time: the row locks would only cost there.
  const text = lockOperationSql('true', deps.dbKind !== 'pglite');
  const { rows } = await db.executeQuery<LockedRow>(CompiledQuery.raw(text, [orgId, no, seq]));
  return operationContext(rows, seq);
}

/** The locking read with `condition` in its WHERE ($1 org, $2 work order, $3 seq). */
function lockOperationSql(condition: string, forUpdate: boolean): string {
  return `
    select o.seq, o.status, o.good_qty, o.scrap_qty, o.workshop, o.planned_end,
           w.status as wo_status, w.qty, w.item, w.lot, w.location, w.issue_location, w.backflush,
           (select max(m.seq) from work_order_operations m
            where m.org_id = w.org_id and m.work_order_no = w.no) as last_seq,
           i.precision, i.uom
    from work_order_operations o
    join work_orders w on w.org_id = o.org_id and w.no = o.work_order_no
    left join items i on i.org_id = w.org_id and i.code = w.item
    where o.org_id = $1 and o.work_order_no = $2 and o.seq <= $3 and ${condition}
    order by o.seq desc
    limit 2${forUpdate ? '\n    for update of o' : ''}`;
}

/**
 * The locking read for the route to send with the Idempotency-Key's look-up (PostgreSQL): the
 * report's first round trip then carries BEGIN, the key's lock, its look-up and this read.
 */
export function lockOperationRead(user: Principal, target: { no: string; seq: number }): FirstRead {
  return {
    name: 'report_lock_operation',
    sql: (whenKeyIsNew) => lockOperationSql(whenKeyIsNew, true),
    args: [user.orgId, target.no, String(target.seq)],
  };
}

function operationContext(rows: readonly LockedRow[], seq: number): OperationContext | undefined {
  const [row, before] = rows;
  if (!row || row.seq !== seq) return undefined;
  const operation = (r: LockedRow): OperationRow => ({
    seq: r.seq,
    status: r.status,
    good_qty: r.good_qty,
    scrap_qty: r.scrap_qty,
    workshop: r.workshop,
  });
  return {
    ...operation(row),
    previous: before ? operation(before) : undefined,
    wo: {
      status: row.wo_status,
      qty: row.qty,
      item: row.item,
      lot: row.lot,
      location: row.location,
      issue_location: row.issue_location,
      backflush: row.backflush,
      precision: row.precision ?? 6,
      uom: row.uom ?? '',
    },
    is_last: Number(row.last_seq) === seq,
    planned_end: row.planned_end,
  };
}

/**
 * How the write refuses a work order stopped meanwhile when COMMIT follows it in its string: the
 * cast of this text and the status to int fails (22P02, the text in its message), so the string
 * stops before its COMMIT and the transaction rolls back.
 */
const STOPPED_MARK = 'shopfloor-work-order-stopped:';

/** The write, then COMMIT, in one string: `execute` of the write kept prepared per connection. */
async function writeAndCommit<R>(db: Db, statement: RawBuilder<R>, no: string): Promise<QueryResult<R>> {
  const compiled = statement.compile(db);
  const name = `report_write_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 16)}`;
  const call = callStatement('named', name, compiled.sql, compiled.parameters.map(literalText));
  try {
    return await sql<R>`${sql.raw(`${call};\ncommit`)}`.execute(db);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const at = message.indexOf(STOPPED_MARK);
    if ((error as { code?: string }).code === '22P02' && at >= 0) {
      const status = /^[a-z-]+/.exec(message.slice(at + STOPPED_MARK.length))?.[0] as WorkOrderStatus;
      throw stoppedConflict(no, status);
    }
    throw error;
  }
}

/** A parameter as the text of a literal, as node-postgres would send it (null stays NULL). */
function literalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function stoppedConflict(no: string, status: WorkOrderStatus) {
  return conflict('work-order-stopped', stoppedMessage(no, status), { workOrderNo: no, status });
}

async function missingOperation(db: Db, orgId: string, no: string, seq: number) {
  const wo = await db
    .selectFrom('work_orders')
    .select('no')
    .where('org_id', '=', orgId)
    .where('no', '=', no)
    .executeTakeFirst();
  return wo
    ? notFound(`work order ${no} has no operation ${seq}`, 'operation-not-found', { workOrderNo: no, seq })
    : notFound(`work order ${no} does not exist`, 'work-order-not-found', { workOrderNo: no });
}

async function scopeWords(
  db: Db,
  user: Principal,
  target: { no: string; seq: number },
  workshop: string,
): Promise<{ message: string; params: ProblemParams }> {
  const nameOf = await workshopNames(db, user.orgId, [workshop, ...user.workshops]);
  const yours = user.workshops.map(nameOf).join('、');
  return {
    message: `operation ${target.seq} of ${target.no} belongs to workshop ${nameOf(workshop)}; you report for ${yours || 'no workshop'}`,
    params: {
      workOrderNo: target.no,
      seq: target.seq,
      workshop,
      workshopName: nameOf(workshop),
      yourWorkshops: yours,
    },
  };
}

/**
 * Consumed lots the system never saw are created as material lots of the scanned item (the shop
 * scans supplier labels); the produced lot is created or grows by the good quantity. In code order,
 * so concurrent reports lock shared lots in the same order.
 */
function lotsToUpsert(
  op: OperationContext,
  producedLot: string | undefined,
  input: OperationReportInput,
): LotUpsert[] {
  const lots = new Map<string, LotUpsert>();
  for (const [i, c] of (input.consumedLots ?? []).entries()) {
    if (c.lot === producedLot) {
      throw badRequest(`consumedLots.${i}: lot ${c.lot} cannot be consumed into itself`, [
        { path: `consumedLots.${i}.lot`, message: 'same as the produced lot' },
      ]);
    }
    const seen = lots.get(c.lot);
    if (seen && seen.item !== c.item) {
      throw badRequest(`consumedLots.${i}: lot ${c.lot} is given as item ${seen.item} and ${c.item}`, [
        { path: `consumedLots.${i}.item`, message: 'one lot, one item' },
      ]);
    }
    lots.set(c.lot, { code: c.lot, item: c.item, kind: 'material', qty: 0 });
  }
  if (producedLot) {
    lots.set(producedLot, {
      code: producedLot,
      item: op.wo.item,
      kind: op.is_last ? 'finished' : 'wip',
      qty: input.goodQty,
    });
  }
  return [...lots.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * At the last operation: good output into stock, and with backflush the components out of it.
 * `goodBefore` is the operation's good output before this report (read under its row lock).
 */
async function postLastOperationStock(
  db: Db,
  deps: AppDeps,
  user: Principal,
  reportId: string,
  op: OperationContext,
  goodBefore: number,
  good: number,
  producedLot: string | undefined,
  now: Date,
): Promise<void> {
  if (good <= 0) return;
  if (!op.wo.location) {
    throw conflict(
      'no-receipt-location',
      'the work order has no receipt location and the org has no finished-goods location to default to',
    );
  }
  const movements: MovementInput[] = [
    {
      kind: 'production-receipt',
      item: op.wo.item,
      location: op.wo.location,
      lot: producedLot ?? '',
      qty: good,
    },
  ];
  if (op.wo.backflush && op.wo.issue_location) {
    const bom = await deps.services.boms.compiled(db, user.orgId);
    const output = { before: goodBefore, after: Number((goodBefore + good).toPrecision(15)) };
    const needs = backflushNeeds(bom, op.wo.item, output, dateShanghai(now));
    movements.push(...(await takeFromHolders(db, user.orgId, needs, op.wo.issue_location)));
  }
  await deps.services.stock.post(db, {
    orgId: user.orgId,
    actor: user.userId,
    source: { type: 'operation-report', id: reportId },
    movements,
  });
}
