// 盘点准确率: what `GET /cycle-counts/accuracy` answers, for the console's chart and exports.
// Office-side reading only, so it lives in `@shopfloor/sdk/admin` and not in the app's bundle.
import * as z from 'zod/mini';
import type { Request } from '../client/request.js';
import { code, described, IsoDate, int, named } from '../schemas/common.js';

export const AccuracyFormat = z.enum(['json', 'csv', 'xlsx']);
export type AccuracyFormat = z.infer<typeof AccuracyFormat>;

export const CountAccuracyQuery = z.object({
  from: z.optional(described(IsoDate, 'First day counted (Asia/Shanghai), default 12 weeks back')),
  to: z.optional(described(IsoDate, 'Last day counted (Asia/Shanghai), default today')),
  warehouse: z.optional(code(32)),
  format: z.optional(described(AccuracyFormat, 'json (default), csv (UTF-8 with BOM) or xlsx')),
});
export type CountAccuracyQuery = z.infer<typeof CountAccuracyQuery>;

export const CountAccuracyRow = named(
  z.object({
    week: described(z.string(), 'ISO week in Asia/Shanghai, e.g. 2026-W49'),
    weekStart: described(IsoDate, 'The Monday of that week'),
    abcClass: z.enum(['A', 'B', 'C']),
    warehouse: code(32),
    counts: described(int(0), 'Counts finished (done or rejected) that week'),
    withinTolerance: described(int(0), 'Of those, counted within the class tolerance of the book'),
    accuracyPct: described(z.number(), 'withinTolerance / counts × 100, one decimal'),
    adjustedQty: described(z.number(), 'Sum of |adjustment| posted by those counts, in stock units'),
    adjustedValue: described(
      z.number(),
      "Sum of |adjustment| × the item's cost (items.cost); items without a cost add 0",
    ),
    uncostedCounts: described(int(0), 'Counts with an adjustment whose item has no cost'),
  }),
  'CountAccuracyRow',
);
export type CountAccuracyRow = z.infer<typeof CountAccuracyRow>;

export const CountAccuracy = named(
  z.object({ from: IsoDate, to: IsoDate, rows: z.array(CountAccuracyRow) }),
  'CountAccuracy',
);
export type CountAccuracy = z.infer<typeof CountAccuracy>;

export function countsAdminApi(request: Request) {
  return {
    /** Accuracy per ISO week × ABC class × warehouse (JSON; the CSV/XLSX are downloads of the same route). */
    accuracy: (query: Omit<CountAccuracyQuery, 'format'> = {}) =>
      request({ method: 'GET', path: '/cycle-counts/accuracy', query, schema: CountAccuracy }),
  };
}
