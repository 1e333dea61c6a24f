// 班组对比: what `GET /analytics/team-comparison` answers (docs/team-comparison.md), for the console,
// the board's chart and integrations. Office-side reading, so it lives in `@shopfloor/sdk/admin`.
import * as z from 'zod/mini';
import type { Request } from '../client/request.js';
import { code, described, IsoDate, int, named } from '../schemas/common.js';

export const TEAM_COMPARISON_GROUPS = ['team', 'operator', 'workshop', 'workCenter', 'operation'] as const;
export const TeamComparisonGroupBy = z.enum(TEAM_COMPARISON_GROUPS);
export type TeamComparisonGroupBy = z.infer<typeof TeamComparisonGroupBy>;

export const TeamComparisonQuery = z.object({
  from: described(IsoDate, 'First day, YYYY-MM-DD (Asia/Shanghai), of the reports counted'),
  to: described(IsoDate, 'Last day, included; at most 366 days after from'),
  groupBy: z.optional(
    described(TeamComparisonGroupBy, 'Rows per operator, team (default), workshop, workCenter or operation'),
  ),
  item: z.optional(described(code(64), 'Only work orders of this item')),
  workshop: z.optional(described(code(32), 'Only operations of this workshop')),
  format: z.optional(
    described(z.enum(['json', 'csv', 'xlsx']), 'csv or xlsx: the rows as a file with Chinese headings'),
  ),
});
export type TeamComparisonQuery = z.infer<typeof TeamComparisonQuery>;

export const TeamComparisonRow = named(
  z.object({
    key: described(
      z.string(),
      "The group's code: user id, team, workshop, work center ('' for none) or item/seq",
    ),
    name: z.string(),
    reports: int(0),
    qty: described(z.number(), 'Good + scrap reported'),
    unmeasured: described(
      int(0),
      'Reports with no working minutes to measure (no start before them): counted in reports and qty only',
    ),
    actualMinutes: described(z.number(), "Working minutes from each measured report's start to its time"),
    standardMinutes: described(
      z.number(),
      'Standard × quantity, plus setup once per operation, of the measured reports',
    ),
    efficiency: described(
      z.nullable(z.number()),
      'standardMinutes / actualMinutes; null when nothing was measured',
    ),
    minutesPerUnit: described(z.nullable(z.number()), 'actualMinutes / quantity of the measured reports'),
  }),
  'TeamComparisonRow',
);
export type TeamComparisonRow = z.infer<typeof TeamComparisonRow>;

export const TeamSpread = named(
  z.object({
    item: z.string(),
    itemName: z.string(),
    seq: int(1),
    operation: z.string(),
    teams: z.array(z.object({ team: z.string(), minutesPerUnit: z.number(), qty: z.number() })),
    fastest: z.string(),
    slowest: z.string(),
    spreadPct: described(z.number(), '(slowest − fastest) / fastest × 100'),
  }),
  'TeamSpread',
);
export type TeamSpread = z.infer<typeof TeamSpread>;

export const SkippedOperation = named(
  z.object({
    workOrderNo: z.string(),
    seq: int(1),
    operation: z.string(),
    laterSeq: int(1),
    laterReportedAt: z.nullable(
      described(
        z.string(),
        "The later operation's first report; null when it has pieces but no report (written outside the app)",
      ),
    ),
  }),
  'SkippedOperation',
);
export type SkippedOperation = z.infer<typeof SkippedOperation>;

export const TeamComparison = named(
  z.object({
    from: z.string(),
    to: z.string(),
    groupBy: TeamComparisonGroupBy,
    rows: z.array(TeamComparisonRow),
    spread: described(
      z.array(TeamSpread),
      'The same item and operation done by two teams or more, largest spread first',
    ),
    skipped: described(
      z.array(SkippedOperation),
      'Operations with no report while a later operation of the same work order has reports',
    ),
  }),
  'TeamComparison',
);
export type TeamComparison = z.infer<typeof TeamComparison>;

export function analyticsApi(request: Request) {
  return {
    /** The team comparison as JSON (the CSV/XLSX are downloads of the same route with `format`). */
    teamComparison: (query: Omit<TeamComparisonQuery, 'format'>) =>
      request({ method: 'GET', path: '/analytics/team-comparison', query, schema: TeamComparison }),
  };
}
