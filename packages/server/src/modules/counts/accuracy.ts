import type { CountAccuracy, CountAccuracyQuery, CountAccuracyRow } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { Principal } from '../../http/session.js';
import { dateShanghai } from '../../shared/time.js';
import { classOf, withinTolerance } from './policy.js';
import type { CountDb } from './tables.js';
import { mondayOf } from './week.js';

const DAY_MS = 86_400_000;
const DEFAULT_WEEKS = 12;

/** The ISO week (2026-W49) of a Monday: the week belongs to the year of its Thursday. */
export function isoWeekOf(monday: string): string {
  const thursday = new Date(Date.parse(monday) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const round = (n: number, places: number) => Number(n.toFixed(places));

/**
 * 盘点准确率: finished counts (done or rejected) per ISO week (Asia/Shanghai) × ABC class × warehouse,
 * how many were within their tolerance, and what the adjustments they posted moved, in units and in
 * value at the item's cost. A count is judged by the tolerance it was counted under (stored on it).
 */
export async function countAccuracy(
  db: CountDb,
  user: Principal,
  query: Omit<CountAccuracyQuery, 'format'>,
  now: Date,
): Promise<CountAccuracy> {
  const to = query.to ?? dateShanghai(now);
  const from =
    query.from ?? dateShanghai(new Date(Date.parse(`${to}T12:00:00+08:00`) - DEFAULT_WEEKS * 7 * DAY_MS));
  let q = db
    .selectFrom('cycle_counts as c')
    .leftJoin('items as i', (j) => j.onRef('i.org_id', '=', 'c.org_id').onRef('i.code', '=', 'c.item'))
    .select([
      'c.warehouse',
      'c.abc_class',
      'c.status',
      'c.counted_qty',
      'c.book_qty',
      'c.tolerance_pct',
      'c.counted_at',
      'i.cost',
    ])
    .where('c.org_id', '=', user.orgId)
    .where('c.status', 'in', ['done', 'rejected'])
    .where('c.counted_at', '>=', new Date(`${from}T00:00:00+08:00`))
    .where('c.counted_at', '<', new Date(Date.parse(`${to}T00:00:00+08:00`) + DAY_MS));
  if (!(user.roles.includes('admin') || user.roles.includes('planner'))) {
    q =
      user.warehouses.length > 0
        ? q.where('c.warehouse', 'in', user.warehouses)
        : q.where(sql<boolean>`false`);
  }
  if (query.warehouse) q = q.where('c.warehouse', '=', query.warehouse);

  const groups = new Map<string, CountAccuracyRow>();
  for (const r of await q.execute()) {
    if (r.counted_at === null || r.counted_qty === null || r.book_qty === null) continue;
    const weekStart = mondayOf(new Date(r.counted_at));
    const abcClass = classOf(r.abc_class);
    const key = `${weekStart}|${abcClass}|${r.warehouse}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        week: isoWeekOf(weekStart),
        weekStart,
        abcClass,
        warehouse: r.warehouse,
        counts: 0,
        withinTolerance: 0,
        accuracyPct: 0,
        adjustedQty: 0,
        adjustedValue: 0,
        uncostedCounts: 0,
      };
      groups.set(key, g);
    }
    const book = Number(r.book_qty);
    const variance = Number(r.counted_qty) - book;
    g.counts += 1;
    if (withinTolerance(book, variance, Number(r.tolerance_pct))) g.withinTolerance += 1;
    // Only a done count posted its variance; a rejected one closed without touching stock.
    if (r.status === 'done' && variance !== 0) {
      g.adjustedQty += Math.abs(variance);
      if (r.cost === null) g.uncostedCounts += 1;
      else g.adjustedValue += Math.abs(variance) * Number(r.cost);
    }
  }
  const rows = [...groups.values()]
    .map((g) => ({
      ...g,
      accuracyPct: round((g.withinTolerance / g.counts) * 100, 1),
      adjustedQty: round(g.adjustedQty, 6),
      adjustedValue: round(g.adjustedValue, 2),
    }))
    .sort(
      (a, b) =>
        a.weekStart.localeCompare(b.weekStart) ||
        a.abcClass.localeCompare(b.abcClass) ||
        a.warehouse.localeCompare(b.warehouse),
    );
  return { from, to, rows };
}
