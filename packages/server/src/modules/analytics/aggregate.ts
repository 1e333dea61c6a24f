import {
  TEAM_COMPARISON_GROUPS,
  type TeamComparisonGroupBy,
  type TeamComparisonRow,
  type TeamSpread,
} from '@shopfloor/sdk/admin';
import type { ReportFact } from './measure.js';

// The answer's shapes are the SDK's (`@shopfloor/sdk/admin`, analytics.ts): one contract for the
// route, the console and integrations.
export const GROUP_BY = TEAM_COMPARISON_GROUPS;
export type GroupBy = TeamComparisonGroupBy;
export type ComparisonRow = TeamComparisonRow;
export type SpreadRow = TeamSpread;
export type SpreadTeam = TeamSpread['teams'][number];

/** Rows of the answer, at most this many spreads (largest first). */
export const MAX_SPREADS = 100;

const round = (n: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

const groupOf = (r: ReportFact, by: GroupBy): { key: string; name: string } => {
  switch (by) {
    case 'operator':
      return { key: r.reporter, name: r.reporterName };
    case 'team':
      return { key: r.team, name: r.teamName };
    case 'workshop':
      return { key: r.workshop, name: r.workshopName };
    case 'workCenter':
      return { key: r.workCenter ?? '', name: r.workCenterName };
    case 'operation':
      return { key: `${r.item}/${r.seq}`, name: `${r.itemName} ${r.seq} ${r.operation}` };
  }
};

interface Sum {
  reports: number;
  qty: number;
  unmeasured: number;
  /** Quantity, actual and standard minutes of the measured reports. */
  measuredQty: number;
  actual: number;
  standard: number;
}

const empty = (): Sum => ({ reports: 0, qty: 0, unmeasured: 0, measuredQty: 0, actual: 0, standard: 0 });

/**
 * A report with no working minutes (the first report of an operation without a start scan: its
 * start is its own time) would earn standard minutes for no actual ones and inflate the
 * efficiency: only measured reports count in the minutes.
 */
const add = (s: Sum, r: ReportFact): void => {
  s.reports += 1;
  s.qty += r.qty;
  if (r.actualMinutes <= 0) {
    s.unmeasured += 1;
    return;
  }
  s.measuredQty += r.qty;
  s.actual += r.actualMinutes;
  s.standard += r.standardMinutes;
};

/** Sums per group: minutes to 6 places, the ratios to 4 (computed from the unrounded sums). */
export function comparisonRows(facts: readonly ReportFact[], by: GroupBy): ComparisonRow[] {
  const groups = new Map<string, { name: string; sum: Sum }>();
  for (const r of facts) {
    const g = groupOf(r, by);
    let entry = groups.get(g.key);
    if (!entry) {
      entry = { name: g.name, sum: empty() };
      groups.set(g.key, entry);
    }
    add(entry.sum, r);
  }
  return [...groups.entries()]
    .map(([key, { name, sum }]) => ({
      key,
      name,
      reports: sum.reports,
      qty: round(sum.qty, 6),
      unmeasured: sum.unmeasured,
      actualMinutes: round(sum.actual, 6),
      standardMinutes: round(sum.standard, 6),
      efficiency: sum.actual > 0 ? round(sum.standard / sum.actual, 4) : null,
      minutesPerUnit: sum.actual > 0 && sum.measuredQty > 0 ? round(sum.actual / sum.measuredQty, 4) : null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key));
}

/**
 * The same item and operation done by two teams or more: each team's minutes per unit, the fastest
 * and the slowest, and (slowest − fastest) / fastest in %, over measured reports (quantity too).
 * Teams with nothing measured are left out: a zero would make every spread infinite.
 */
export function spreads(facts: readonly ReportFact[]): SpreadRow[] {
  const byOperation = new Map<
    string,
    {
      item: string;
      itemName: string;
      seq: number;
      operation: string;
      teams: Map<string, Sum & { name: string }>;
    }
  >();
  for (const r of facts) {
    const k = `${r.item}\u0000${r.seq}`;
    let op = byOperation.get(k);
    if (!op) {
      op = { item: r.item, itemName: r.itemName, seq: r.seq, operation: r.operation, teams: new Map() };
      byOperation.set(k, op);
    }
    let t = op.teams.get(r.team);
    if (!t) {
      t = { name: r.teamName, ...empty() };
      op.teams.set(r.team, t);
    }
    add(t, r);
  }
  const out: SpreadRow[] = [];
  for (const op of byOperation.values()) {
    const teams = [...op.teams.values()]
      .filter((t) => t.measuredQty > 0 && t.actual > 0)
      .map((t) => ({ team: t.name, exact: t.actual / t.measuredQty, qty: round(t.measuredQty, 6) }))
      .sort((a, b) => a.exact - b.exact || a.team.localeCompare(b.team, 'zh-CN'));
    if (teams.length < 2) continue;
    const fastest = teams[0]!;
    const slowest = teams.at(-1)!;
    out.push({
      item: op.item,
      itemName: op.itemName,
      seq: op.seq,
      operation: op.operation,
      teams: teams.map((t) => ({ team: t.team, minutesPerUnit: round(t.exact, 4), qty: t.qty })),
      fastest: fastest.team,
      slowest: slowest.team,
      spreadPct: round(((slowest.exact - fastest.exact) / fastest.exact) * 100, 1),
    });
  }
  return out
    .sort((a, b) => b.spreadPct - a.spreadPct || a.item.localeCompare(b.item) || a.seq - b.seq)
    .slice(0, MAX_SPREADS);
}
