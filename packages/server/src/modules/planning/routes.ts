import { OperationSeq, WorkOrder, WorkOrderNo } from '@shopfloor/sdk';
import { badRequest, notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { requireUser } from '../plant/store.js';
import { findWorkOrder } from '../production/work-order-store.js';
import { toWorkOrder } from '../production/work-order-view.js';
import { workCenterLoadOf } from './load.js';

/** The longest range GET /work-centers/load answers, in days. */
export const LOAD_MAX_DAYS = 62;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const LoadQuery = z.object({
  from: isoDate.describe('First day, YYYY-MM-DD (Asia/Shanghai)'),
  to: isoDate.describe('Last day, included; at most 62 days after from'),
  workshop: z.string().trim().min(1).max(32).optional(),
});

const LoadDay = z.object({
  workCenter: z.string().nullable().describe('null: operations without a work center (the default calendar)'),
  date: z.string(),
  plannedMinutes: z.number().describe('Station-minutes of planned work on the day'),
  availableMinutes: z.number().describe('Working minutes of the day × stations'),
  overloaded: z.boolean(),
});

const LoadOperation = z.object({
  workOrderNo: z.string(),
  seq: z.number().int(),
  name: z.string(),
  workCenter: z.string().nullable(),
  workshop: z.string(),
  owner: z.string().nullable(),
  ownerName: z.string().nullable(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  loadMinutes: z.number(),
});

const WorkCenterLoad = z
  .object({
    from: z.string(),
    to: z.string(),
    workCenters: z.array(
      z.object({
        code: z.string().nullable(),
        name: z.string(),
        workshop: z.string().nullable(),
        stations: z.number().int(),
      }),
    ),
    days: z.array(LoadDay).describe('One row per work center per day, loaded or not'),
    operations: z.array(LoadOperation).describe('The open operations whose plan touches the range'),
  })
  .meta({ id: 'WorkCenterLoad' });

const OwnerParams = z.object({ no: WorkOrderNo, seq: z.coerce.number().pipe(OperationSeq) });
const OwnerInput = z
  .object({ owner: z.string().trim().min(1).max(64).nullable().describe('User id; null: nobody') })
  .meta({ id: 'OperationOwnerInput' });

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const isRealDate = (date: string): boolean => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
};

export const planningRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/work-centers/load',
    summary: 'Load per work center and day (负荷): planned vs available minutes, overloads flagged',
    description:
      "From the plans of open operations (not done, of released or in-progress work orders). Planned: station-minutes of the work left; available: working minutes of the day on the work center's calendar × its stations. At most 62 days. See docs/planning.md.",
    tags: ['planning'],
    auth: ['planner'],
    query: LoadQuery,
    response: WorkCenterLoad,
    async handler({ query, user, db, deps }) {
      for (const field of ['from', 'to'] as const) {
        if (!isRealDate(query[field])) {
          const message = `'${query[field]}' is not a date YYYY-MM-DD`;
          throw badRequest(`${field}: ${message}`, [{ path: field, message }]);
        }
      }
      const days = dayNumber(query.to) - dayNumber(query.from) + 1;
      if (days < 1 || days > LOAD_MAX_DAYS) {
        const message =
          days < 1 ? 'must not be before from' : `at most ${LOAD_MAX_DAYS} days after from (asked ${days})`;
        throw badRequest(`to: ${message}`, [{ path: 'to', message }]);
      }
      return workCenterLoadOf(db, deps, user.orgId, query);
    },
  }),

  defineRoute({
    method: 'put',
    path: '/work-orders/{no}/operations/{seq}/owner',
    summary: "Change an operation's owner (负责人); null clears it (planner, admin; audit-logged)",
    description:
      "At creation each operation takes its routing operation's owner, else its work center's. The owner must be an active user (400 with the field `owner` otherwise).",
    tags: ['work-orders'],
    auth: ['planner'],
    params: OwnerParams,
    body: OwnerInput,
    response: WorkOrder,
    errors: [404],
    async handler({ params, body, user, db }) {
      const op = await db
        .selectFrom('work_order_operations')
        .select(['owner'])
        .where('org_id', '=', user.orgId)
        .where('work_order_no', '=', params.no)
        .where('seq', '=', params.seq)
        .executeTakeFirst();
      if (!op) {
        const wo = await findWorkOrder(db, user.orgId, params.no);
        if (!wo) {
          throw notFound(`work order ${params.no} does not exist`, 'work-order-not-found', {
            workOrderNo: params.no,
          });
        }
        throw notFound(`work order ${params.no} has no operation ${params.seq}`, 'operation-not-found', {
          workOrderNo: params.no,
          seq: params.seq,
        });
      }
      if (body.owner !== null) await requireUser(db, user.orgId, body.owner, 'owner');
      if (op.owner !== body.owner) {
        await db
          .updateTable('work_order_operations')
          .set({ owner: body.owner })
          .where('org_id', '=', user.orgId)
          .where('work_order_no', '=', params.no)
          .where('seq', '=', params.seq)
          .execute();
        await audit(db, {
          orgId: user.orgId,
          actor: user.userId,
          action: 'operation.owner-changed',
          subjectType: 'work-order-operation',
          subjectId: `${params.no}:${params.seq}`,
          before: { owner: op.owner },
          after: { owner: body.owner },
        });
      }
      const found = await findWorkOrder(db, user.orgId, params.no);
      return toWorkOrder(found!.wo, found!.ops);
    },
  }),
];
