import { TeamComparison } from '@shopfloor/sdk/admin';
import { badRequest, forbidden } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { XLSX_TYPE } from '../reconciliation/snapshot.js';
import { GROUP_BY } from './aggregate.js';
import { comparisonCsv, comparisonXlsx } from './export.js';
import { MAX_REPORTS, type Scope, skippedOperations, withAnalyticsPlanner } from './read.js';
import { comparison } from './stored.js';

/** `live`: every report measured at read time, as before the stored minutes; benchmarks and tests compare the two. */
export const comparisonMode = { live: false };

/** The longest range GET /analytics/team-comparison answers, in days. */
export const COMPARISON_MAX_DAYS = 366;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const ComparisonQuery = z.object({
  from: isoDate.describe('First day, YYYY-MM-DD (Asia/Shanghai), of the reports counted'),
  to: isoDate.describe('Last day, included; at most 366 days after from'),
  groupBy: z
    .enum(GROUP_BY)
    .optional()
    .describe('Rows per operator, team (default), workshop, workCenter or operation'),
  item: z.string().trim().min(1).max(64).optional().describe('Only work orders of this item'),
  workshop: z.string().trim().min(1).max(32).optional().describe('Only operations of this workshop'),
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .optional()
    .describe('csv or xlsx: the rows as a file with Chinese headings'),
});

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const isRealDate = (date: string): boolean => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
};

/** Planners and admins see every workshop; a workshop's supervisor sees his own; nobody else reads this. */
async function readableWorkshops(
  db: Db,
  user: Principal,
  asked: string | undefined,
): Promise<string[] | null> {
  if (user.roles.includes('planner') || user.roles.includes('admin')) return asked ? [asked] : null;
  const own = (
    await db
      .selectFrom('workshops')
      .select('code')
      .where('org_id', '=', user.orgId)
      .where('supervisor', '=', user.userId)
      .execute()
  ).map((w) => w.code);
  if (own.length === 0) throw forbidden('this needs the role planner, or the supervisor of a workshop');
  if (asked && !own.includes(asked))
    throw forbidden(`you do not supervise workshop ${asked}`, { workshop: asked });
  return asked ? [asked] : own;
}

export const analyticsRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/analytics/team-comparison',
    summary:
      'The team comparison (班组对比): actual against standard minutes per group, the spread between teams, skipped operations',
    description:
      "Reports whose time (device time, else received) falls in from..to (Asia/Shanghai days, at most 366). A report's actual minutes are the working minutes on its work center's calendar from its start scan, else the operation's previous report, else the operation's actual start, to its time; its standard minutes standard × (good + scrap), plus the setup on the operation's first report. Reports with no working minutes (no start before them) count in reports, qty and unmeasured only. A report's team is its reporter's team, else the operation's workshop. Planners and admins read every workshop, a workshop's supervisor his own. At most 100,000 reports (400 beyond: narrow the range). format=csv|xlsx answers the rows as a file. See docs/team-comparison.md.",
    tags: ['analytics'],
    auth: 'any',
    query: ComparisonQuery,
    response: TeamComparison,
    async handler({ query, user, db, deps }) {
      for (const field of ['from', 'to'] as const) {
        if (!isRealDate(query[field])) {
          const message = `'${query[field]}' is not a date YYYY-MM-DD`;
          throw badRequest(`${field}: ${message}`, [{ path: field, message }]);
        }
      }
      const days = dayNumber(query.to) - dayNumber(query.from) + 1;
      if (days < 1 || days > COMPARISON_MAX_DAYS) {
        const message =
          days < 1
            ? 'must not be before from'
            : `at most ${COMPARISON_MAX_DAYS} days after from (asked ${days})`;
        throw badRequest(`to: ${message}`, [{ path: 'to', message }]);
      }
      const workshops = await readableWorkshops(db, user, query.workshop);
      const scope: Scope = {
        orgId: user.orgId,
        start: new Date(`${query.from}T00:00:00+08:00`),
        end: new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86_400_000),
        item: query.item,
        workshops,
      };
      const groupBy = query.groupBy ?? 'team';
      const format = query.format ?? 'json';
      // The two reads on two connections at once: the skipped operations (the files hold the rows
      // only) while the rows are summed. The sums' statements see one snapshot (repeatable read):
      // the stale operations found are the ones measured live.
      const json = format === 'json';
      const options = { withSpreads: json, live: comparisonMode.live };
      const [answer, skipped] = await Promise.all([
        db.isTransaction
          ? withAnalyticsPlanner(db, (tx) => comparison(tx, deps, scope, groupBy, options))
          : db
              .transaction()
              .setIsolationLevel('repeatable read')
              .execute((tx) => withAnalyticsPlanner(tx, (t) => comparison(t, deps, scope, groupBy, options))),
        json ? withAnalyticsPlanner(db, (tx) => skippedOperations(tx, scope)) : [],
      ]);
      if (!answer) {
        const message = `more than ${MAX_REPORTS} reports in the range: choose fewer days, a workshop or an item`;
        throw badRequest(`from: ${message}`, [{ path: 'from', message }]);
      }
      const rows = answer.rows;
      if (format !== 'json') {
        const name = `team-comparison-${groupBy}-${query.from}-${query.to}.${format}`;
        const headers = {
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'no-store',
        };
        if (format === 'csv') {
          return new Response(comparisonCsv(rows), {
            headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' },
          });
        }
        return new Response(new Uint8Array(await comparisonXlsx(rows, groupBy)), {
          headers: { ...headers, 'Content-Type': XLSX_TYPE },
        });
      }
      return {
        from: query.from,
        to: query.to,
        groupBy,
        rows,
        spread: answer.spread,
        skipped,
      };
    },
  }),
];
