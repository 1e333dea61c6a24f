import {
  TEAM_COMPARISON_GROUPS,
  type TeamComparisonGroupBy,
  type TeamComparisonRow,
  type TeamSpread,
} from '@shopfloor/sdk/admin';

// The answer's shapes are the SDK's (`@shopfloor/sdk/admin`, analytics.ts): one contract for the
// route, the console and integrations.
export const GROUP_BY = TEAM_COMPARISON_GROUPS;
export type GroupBy = TeamComparisonGroupBy;

/** Rows of the answer, at most this many spreads (largest first). */
export const MAX_SPREADS = 100;

const round = (n: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/**
 * One group's sums (stored.ts, in SQL, exact: whole milliseconds and numeric quantities and standard
 * minutes, then each total to the nearest double). Only measured reports (with working minutes) count
 * in the minutes: a report with none (the first of an operation without a start scan: its start is
 * its own time) would earn standard minutes for no actual ones and inflate the efficiency.
 */
export interface GroupSums {
  key: string;
  name: string;
  reports: number;
  qty: number;
  unmeasured: number;
  /** Quantity, actual and standard minutes of the measured reports. */
  measuredQty: number;
  actual: number;
  standard: number;
}

/** One team's measured sums on one item and operation. */
export interface SpreadSums {
  item: string;
  seq: number;
  operation: string;
  /** The team's key (its name, or the workshop's code) and its name. */
  team: string;
  teamName: string;
  measuredQty: number;
  actual: number;
}

/** Rows from the sums: minutes to 6 places, the ratios to 4 (computed from the unrounded sums). */
export function sumsToRows(groups: readonly GroupSums[]): TeamComparisonRow[] {
  return groups
    .map((sum) => ({
      key: sum.key,
      name: sum.name,
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

const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The same item and operation done by two teams or more: each team's minutes per unit, the fastest
 * and the slowest, and (slowest − fastest) / fastest in %, over measured reports (quantity too).
 * Teams with nothing measured are left out: a zero would make every spread infinite. Each spread's
 * `itemName` is its item's code here: which are kept does not depend on names, so only the kept
 * ones' names are looked up (stored.ts).
 */
export function sumsToSpreads(sums: readonly SpreadSums[]): TeamSpread[] {
  const byOperation = new Map<string, SpreadSums[]>();
  for (const t of sums) {
    const k = `${t.item}\u0000${t.seq}`;
    const list = byOperation.get(k);
    if (list) list.push(t);
    else byOperation.set(k, [t]);
  }
  const out: TeamSpread[] = [];
  for (const all of byOperation.values()) {
    const op = all.reduce((a, b) => (plain(b.operation, a.operation) < 0 ? b : a));
    const teams = all
      .filter((t) => t.measuredQty > 0 && t.actual > 0)
      .map((t) => ({
        key: t.team,
        team: t.teamName,
        exact: t.actual / t.measuredQty,
        qty: round(t.measuredQty, 6),
      }))
      .sort((a, b) => a.exact - b.exact || a.team.localeCompare(b.team, 'zh-CN') || plain(a.key, b.key));
    if (teams.length < 2) continue;
    const fastest = teams[0]!;
    const slowest = teams.at(-1)!;
    out.push({
      item: op.item,
      itemName: op.item,
      seq: op.seq,
      operation: op.operation,
      teams: teams.map((t) => ({ team: t.team, minutesPerUnit: round(t.exact, 4), qty: t.qty })),
      fastest: fastest.team,
      slowest: slowest.team,
      spreadPct: round(((slowest.exact - fastest.exact) / fastest.exact) * 100, 1),
    });
  }
  // plain() after localeCompare: that calls two codes of one text in other Unicode forms equal.
  const order = (a: TeamSpread, b: TeamSpread) =>
    b.spreadPct - a.spreadPct || a.item.localeCompare(b.item) || plain(a.item, b.item) || a.seq - b.seq;
  return out.sort(order).slice(0, MAX_SPREADS);
}
