import { randomUUID } from 'node:crypto';
import type { CycleCountPlan } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { emitEvent } from '../../shared/events.js';
import { isoShanghai } from '../../shared/time.js';
import { classOf, countSettings, withinTolerance } from './policy.js';
import { type AbcClass, appDb, type CountDb } from './tables.js';
import { openTask } from './tasks.js';
import { mondayOf, weeksBetween } from './week.js';

/** About a fifth of the stocked balances each week, more when cycles demand it. */
export const WEEKLY_SHARE = 0.2;
const CLASS_WEIGHT: Record<AbcClass, number> = { A: 0.2, B: 0.1, C: 0 };

export interface Candidate {
  item: string;
  location: string;
  lot: string;
  warehouse: string;
  abcClass: AbcClass;
  /** Whole weeks since the balance was last counted (or since it could first be planned). */
  weeksSince: number;
  neverCounted: boolean;
  /** The last count's variance was beyond its tolerance. */
  lastOff: boolean;
}

/**
 * Which balances a week counts: every one whose class cycle ends this week (so each is counted
 * within its cycle), then the most urgent others until about 20 % of the stocked balances are in
 * the plan. Urgency: the share of the cycle gone by, plus a point for a last count that was off
 * (recent variance), a quarter for never counted, and the class (A before B before C).
 */
export function choose(
  candidates: readonly Candidate[],
  stocked: number,
  cycleWeeks: Record<AbcClass, number>,
) {
  const score = (c: Candidate) =>
    c.weeksSince / cycleWeeks[c.abcClass] +
    (c.lastOff ? 1 : 0) +
    (c.neverCounted ? 0.25 : 0) +
    CLASS_WEIGHT[c.abcClass];
  const key = (c: Candidate) => `${c.item}\u0000${c.location}\u0000${c.lot}`;
  const ranked = [...candidates].sort((a, b) => score(b) - score(a) || (key(a) < key(b) ? -1 : 1));
  const due = ranked.filter((c) => c.weeksSince >= cycleWeeks[c.abcClass]);
  const target = Math.max(due.length, Math.ceil(stocked * WEEKLY_SHARE));
  const rest = ranked.filter((c) => c.weeksSince < cycleWeeks[c.abcClass]);
  return [...due, ...rest.slice(0, Math.max(0, target - due.length))];
}

interface BalanceRow {
  item: string;
  location: string;
  lot: string;
  warehouse: string;
  abc_class: string | null;
  last_counted: Date | null;
  last_book: string | null;
  last_counted_qty: string | null;
  last_pct: string | null;
  first_moved: Date | null;
  live: boolean;
}

/**
 * Makes the plan of a week (its Monday, Asia/Shanghai; by default the week `at` falls in) with its
 * tasks, or answers null
 * when the week has one already: one plan per org and week, whoever asks (the Monday job on every
 * replica, or a person on demand).
 */
export async function makeWeeklyPlan(
  db: CountDb,
  deps: AppDeps,
  orgId: string,
  by: string,
  at: Date,
  week: string = mondayOf(at),
): Promise<CycleCountPlan | null> {
  const id = randomUUID();
  const settings = countSettings(deps);
  // A replica starting mid-week finds the plan made: no need to read every balance to learn it.
  const made = await db
    .selectFrom('count_plans')
    .select('id')
    .where('org_id', '=', orgId)
    .where('week', '=', week)
    .executeTakeFirst();
  if (made) return null;
  // When each balance first moved, from one pass over the ledger: a look-up per balance walked the
  // item's movements in time order, 8.5 minutes for 100k balances at a year (docs/scale.md).
  const balances = await sql<BalanceRow>`
    with first as (
      select item, location, lot, min(at) as first_moved from stock_movements
      where org_id = ${orgId} group by item, location, lot
    )
    select b.item, b.location, b.lot, l.warehouse, i.abc_class,
      last.counted_at as last_counted, last.book_qty as last_book, last.counted_qty as last_counted_qty,
      last.tolerance_pct as last_pct, f.first_moved,
      exists (select 1 from cycle_counts c where c.org_id = b.org_id and c.item = b.item
         and c.location = b.location and c.lot = b.lot and c.status in ('open', 'pending-approval')) as live
    from stock_balances b
    join locations l on l.org_id = b.org_id and l.code = b.location
    join items i on i.org_id = b.org_id and i.code = b.item
    left join first f on f.item = b.item and f.location = b.location and f.lot = b.lot
    left join lateral (
      select c.counted_at, c.book_qty, c.counted_qty, c.tolerance_pct from cycle_counts c
      where c.org_id = b.org_id and c.item = b.item and c.location = b.location and c.lot = b.lot
        and c.status = 'done'
      order by c.counted_at desc limit 1
    ) last on true
    where b.org_id = ${orgId} and b.qty > 0
    order by b.item, b.location, b.lot`.execute(db);
  const inserted = await sql<{ id: string }>`
    insert into count_plans (id, org_id, week, created_at, created_by, stocked)
    values (${id}, ${orgId}, ${week}, ${at}, ${by}, ${balances.rows.length})
    on conflict (org_id, week) do nothing returning id`.execute(db);
  if (inserted.rows.length === 0) return null;
  const first = await db
    .selectFrom('count_plans')
    .select((eb) => eb.fn.min('week').as('week'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  const firstWeek = String(first?.week ?? week);

  const candidates: Candidate[] = balances.rows
    .filter((b) => !b.live)
    .map((b) => {
      const moved = b.first_moved ? mondayOf(new Date(b.first_moved)) : week;
      // Never counted: due a cycle after it was first stocked, or after the first plan, whichever is later.
      const since = b.last_counted ? mondayOf(new Date(b.last_counted)) : [moved, firstWeek].sort()[1]!;
      const book = Number(b.last_book ?? 0);
      return {
        item: b.item,
        location: b.location,
        lot: b.lot,
        warehouse: b.warehouse,
        abcClass: classOf(b.abc_class),
        weeksSince: Math.max(0, weeksBetween(since, week)),
        neverCounted: b.last_counted === null,
        lastOff:
          b.last_counted !== null &&
          !withinTolerance(book, Number(b.last_counted_qty) - book, Number(b.last_pct)),
      };
    });
  const chosen = choose(candidates, balances.rows.length, settings.cycleWeeks);
  const byClass: Record<string, number> = { A: 0, B: 0, C: 0 };
  for (const c of chosen) {
    const task = await openTask(db, {
      orgId,
      planId: id,
      item: c.item,
      location: c.location,
      warehouse: c.warehouse,
      lot: c.lot,
      abcClass: c.abcClass,
      blind: true,
      tolerancePct: settings.tolerancePct[c.abcClass],
      by,
      at,
    });
    if (task) byClass[c.abcClass] = (byClass[c.abcClass] ?? 0) + 1;
  }
  const plan: CycleCountPlan = {
    id,
    week,
    createdAt: isoShanghai(at)!,
    createdBy: by,
    stocked: balances.rows.length,
    tasks: Object.values(byClass).reduce((a, b) => a + b, 0),
    byClass,
  };
  await emitEvent(appDb(db), {
    orgId,
    topic: 'cycle-count-plan.created',
    aggregateType: 'cycle-count-plan',
    aggregateId: id,
    payload: plan,
  });
  return plan;
}
