import {
  AdHocCountInput,
  CountDecisionInput,
  CountInput,
  CountPlanInput,
  CycleCount,
  CycleCountPlan,
  CycleCountQuery,
  Page,
} from '@shopfloor/sdk';
import { CountAccuracy, CountAccuracyQuery } from '@shopfloor/sdk/admin';
import { badRequest, conflict } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { countAccuracy } from './accuracy.js';
import { accuracyCsv, accuracyXlsx } from './accuracy-export.js';
import { createAdHocCount } from './ad-hoc.js';
import { recordCount } from './count.js';
import { type CountVerb, decideCount } from './decide.js';
import { countNotFound } from './errors.js';
import { CountExplanation, explainCount } from './explanation.js';
import { listCounts } from './list.js';
import { makeWeeklyPlan } from './plan.js';
import { countsDb } from './tables.js';
import { countViews, seesWarehouse } from './view.js';
import { mondayOf } from './week.js';

const CountParams = z.object({ id: z.uuid() });
const tags = ['cycle-counts'];

const plan = defineRoute({
  method: 'post',
  path: '/cycle-counts/plans',
  summary: "Make this week's count plan now (盘点计划; the Monday 06:00 job makes it otherwise)",
  description:
    'About 20 % of the stocked balances, every one whose ABC cycle ends this week first. One plan per week: ' +
    '409 count-plan-exists when the week has one.',
  tags,
  auth: ['planner', 'storekeeper'],
  body: CountPlanInput,
  response: CycleCountPlan,
  errors: [409],
  async handler({ db, deps, user, body }) {
    const at = deps.clock.now();
    const week = body.week ?? mondayOf(at);
    if (mondayOf(new Date(`${week}T12:00:00+08:00`)) !== week || week < mondayOf(at)) {
      const message = `${week} is not the Monday of this week or a later one`;
      throw badRequest(message, [{ path: 'week', message }]);
    }
    const made = await makeWeeklyPlan(countsDb(db), deps, user.orgId, user.userId, at, week);
    if (!made) {
      throw conflict('count-plan-exists', `the week of ${week} has its count plan already`, { week });
    }
    return made;
  },
});

const list = defineRoute({
  method: 'get',
  path: '/cycle-counts',
  summary: 'Count tasks of the warehouses the caller keeps, oldest first (盘点任务)',
  tags,
  auth: ['storekeeper', 'approver', 'planner'],
  query: CycleCountQuery,
  response: Page(CycleCount),
  handler: ({ db, user, query }) => listCounts(countsDb(db), user, query),
});

const accuracy = defineRoute({
  method: 'get',
  path: '/cycle-counts/accuracy',
  summary: 'Count accuracy per ISO week × ABC class × warehouse (盘点准确率), as JSON, CSV or XLSX',
  description:
    'Finished counts (done or rejected) by the week they were counted in (Asia/Shanghai), how many were within ' +
    "their class tolerance, and the adjustments they posted in units and valued at the item's cost. " +
    'format=csv answers UTF-8 CSV with a BOM, format=xlsx a workbook; both carry the same rows.',
  tags,
  auth: ['storekeeper', 'approver', 'planner'],
  query: CountAccuracyQuery,
  response: CountAccuracy,
  async handler({ db, deps, user, query }) {
    const { format = 'json', ...range } = query;
    const report = await countAccuracy(countsDb(db), user, range, deps.clock.now());
    if (format === 'json') return report;
    const name = `count-accuracy-${report.from}-${report.to}.${format}`;
    const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' };
    if (format === 'csv') {
      return new Response(accuracyCsv(report), {
        headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' },
      });
    }
    return new Response(new Uint8Array(await accuracyXlsx(report)), {
      headers: {
        ...headers,
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    });
  },
});

const get = defineRoute({
  method: 'get',
  path: '/cycle-counts/{id}',
  summary: 'One count task; blind: the book quantity only for someone who may decide it and did not count it',
  tags,
  auth: ['storekeeper', 'approver', 'planner'],
  params: CountParams,
  response: CycleCount,
  errors: [404],
  async handler({ db, user, params }) {
    const row = await countsDb(db)
      .selectFrom('cycle_counts')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('id', '=', params.id)
      .executeTakeFirst();
    if (!row || !seesWarehouse(user, row.warehouse)) throw countNotFound(params.id);
    return (await countViews(countsDb(db), user, [row]))[0]!;
  },
});

const count = defineRoute({
  method: 'post',
  path: '/cycle-counts/{id}/count',
  summary:
    'Enter what is on the shelf; within tolerance the adjustment posts at once (send an Idempotency-Key)',
  description:
    'The book quantity is taken now, with the balance locked. Within the class tolerance the variance is posted ' +
    'as an adjustment naming the count (status done); beyond it, or any variance on a book of 0, the count waits ' +
    'for an approver (status pending-approval).',
  tags,
  auth: ['storekeeper'],
  params: CountParams,
  body: CountInput,
  response: CycleCount,
  status: 200,
  errors: [404, 409],
  handler: ({ db, deps, user, params, body }) => recordCount(countsDb(db), deps, user, params.id, body),
});

const adHoc = defineRoute({
  method: 'post',
  path: '/cycle-counts',
  summary: 'Open an ad hoc count of any item-location of your warehouses (临时盘点)',
  tags,
  auth: ['storekeeper'],
  body: AdHocCountInput,
  response: CycleCount,
  errors: [409],
  handler: ({ db, deps, user, body }) => createAdHocCount(countsDb(db), deps, user, body),
});

const decision = (verb: CountVerb, summary: string) =>
  defineRoute({
    method: 'post',
    path: `/cycle-counts/{id}/${verb}`,
    summary,
    description:
      'An approver or storekeeper of the warehouse who did not count it (409 own-count otherwise); only counts ' +
      'waiting for approval (409 count-not-pending).',
    tags,
    auth: ['approver', 'storekeeper'],
    params: CountParams,
    body: CountDecisionInput,
    response: CycleCount,
    status: 200,
    errors: [404, 409],
    handler: ({ db, deps, user, params, body }) =>
      decideCount(countsDb(db), deps, user, params.id, verb, body),
  });

const explanation = defineRoute({
  method: 'get',
  path: '/cycle-counts/{id}/explanation',
  summary: 'Where a difference came from: movements since the previous count, with documents and suspects',
  tags,
  auth: ['storekeeper', 'approver', 'planner'],
  params: CountParams,
  response: CountExplanation,
  errors: [404, 409],
  handler: ({ db, user, params }) => explainCount(countsDb(db), user, params.id),
});

export const countsRoutes: AnyRoute[] = [
  plan,
  list,
  adHoc,
  accuracy,
  get,
  count,
  decision('approve', 'Approve a variance beyond tolerance: posts it as an adjustment'),
  decision('reject', 'Reject a count: it closes without posting'),
  decision('recount', 'Send a count back to be counted again'),
  explanation,
];
