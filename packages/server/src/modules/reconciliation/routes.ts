import type { Role } from '@shopfloor/sdk';
import { badRequest, conflict, forbidden, notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { isoShanghai } from '../../shared/time.js';
import { userNames } from '../../shared/user-names.js';
import { reportCsv, reportXlsx } from './export.js';
import { pullSnapshot, snapshotPullers } from './pull.js';
import { findConnector, runReconciliation } from './run.js';
import { fromRecords, hasFile, readSnapshotUpload, XLSX_TYPE } from './snapshot.js';
import { findRun, runRows } from './store.js';
import { monthlySummary, ReconciliationSummary } from './summary.js';
import { type ReconciliationKind, reconDb } from './tables.js';
import { Reconciliation, ReconciliationReport, RowStatusSchema, runView } from './view.js';

const tags = ['reconciliations'];
const Kind = z.enum(['stock', 'workOrders']);
const ConnectorId = z.string().trim().min(1).max(64);

/** Who may run and read which kind: storekeepers stock, planners work orders, admins both. */
const ROLE_OF: Record<ReconciliationKind, Role> = { stock: 'storekeeper', workOrders: 'planner' };
const kindsOf = (user: Principal): ReconciliationKind[] =>
  (['stock', 'workOrders'] as const).filter(
    (k) => user.roles.includes('admin') || user.roles.includes(ROLE_OF[k]),
  );
function mayUse(user: Principal, kind: ReconciliationKind): void {
  if (!kindsOf(user).includes(kind)) {
    throw forbidden(
      `a ${kind} reconciliation needs the role ${ROLE_OF[kind]}; you have ${user.roles.join(', ') || 'none'}`,
      {
        roles: ROLE_OF[kind],
      },
    );
  }
}

const create = defineRoute({
  method: 'post',
  path: '/reconciliations',
  summary:
    "Compare the other system's stock or work orders with ours (全量数据校验): a CSV/XLSX snapshot or a connector pull",
  description:
    'kind=stock (storekeeper): columns item, location, lot, qty; kind=workOrders (planner): no, item, qty, status. ' +
    'Headers as in docs/bom-format.md (物料编码, 库位, 批次, 数量; 工单号, 状态 …). Body: text/csv, an .xlsx body ' +
    `(${XLSX_TYPE}) or multipart/form-data with a file field; up to 32 MB. With connectorId and no body the snapshot is ` +
    "pulled through the connector (409 no-snapshot when its kind offers none); with connectorId and a file the file is read through the connector's mapping " +
    'and the run is recorded under it. A bad file answers 400 naming rows.<line>.<column>; nothing is stored.',
  tags,
  auth: ['storekeeper', 'planner'],
  // kind is required; checked in the handler, after the Idempotency-Key (as every POST checks it first).
  query: z.object({
    kind: Kind.optional().describe('stock or workOrders (required)'),
    connectorId: ConnectorId.optional(),
  }),
  response: Reconciliation,
  errors: [404, 409, 413, 415],
  async handler({ c, db, deps, user, query: { kind, connectorId } }) {
    if (!kind) {
      throw badRequest('query.kind: say kind=stock or kind=workOrders', [
        { path: 'query.kind', message: 'required: stock or workOrders' },
      ]);
    }
    const query = { kind, connectorId };
    mayUse(user, query.kind);
    const connector = query.connectorId ? await findConnector(db, user.orgId, query.connectorId) : null;
    let snapshot: Awaited<ReturnType<typeof readSnapshotUpload>>;
    let source: 'upload' | 'connector' = 'upload';
    let names: 'theirs' | 'ours' = 'theirs';
    if (hasFile(c)) snapshot = await readSnapshotUpload(c);
    else if (connector) {
      const pulled = await pullSnapshot(db, deps, connector, query.kind);
      snapshot = fromRecords(pulled.records);
      names = pulled.names;
      source = 'connector';
    } else {
      throw badRequest(
        "send the other system's snapshot (CSV or XLSX) as the body, or name a connectorId to pull it",
        [{ path: 'file', message: 'missing' }],
      );
    }
    const run = await runReconciliation(db, deps, {
      orgId: user.orgId,
      userId: user.userId,
      kind: query.kind,
      connector,
      source,
      snapshot,
      names,
    });
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'reconciliation.created',
      subjectType: 'reconciliation',
      subjectId: run.id,
      after: { kind: run.kind, connectorId: run.connector_id, source, ...runView(run).totals },
    });
    return runView(run, await userNames(db, user.orgId, [run.created_by]));
  },
});

const list = defineRoute({
  method: 'get',
  path: '/reconciliations',
  summary: 'The history of reconciliation runs, newest first (the kinds the caller may run)',
  tags,
  auth: ['storekeeper', 'planner'],
  query: z.object({
    kind: Kind.optional(),
    connectorId: ConnectorId.optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  response: z.object({ items: z.array(Reconciliation), nextCursor: z.string().nullable() }),
  async handler({ db, user, query }) {
    const kinds = kindsOf(user).filter((k) => !query.kind || k === query.kind);
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2);
    if (kinds.length === 0) return { items: [], nextCursor: null };
    let q = reconDb(db)
      .selectFrom('reconciliations')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('kind', 'in', kinds);
    if (query.connectorId) q = q.where('connector_id', '=', query.connectorId);
    if (after) {
      const [at, id] = [new Date(String(after[0])), String(after[1])];
      if (Number.isNaN(at.getTime())) decodeCursor('!', 2);
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
      );
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const shown = page(rows, limit, (r) => [r.created_at.toISOString(), r.id]);
    const names = await userNames(
      db,
      user.orgId,
      shown.rows.map((r) => r.created_by),
    );
    return { items: shown.rows.map((r) => runView(r, names)), nextCursor: shown.nextCursor };
  },
});

const summary = defineRoute({
  method: 'get',
  path: '/reconciliations/summary',
  summary:
    'Monthly audit (月度对账): per connector and kind the runs, rows compared, differences and who owned each document involved',
  tags,
  auth: ['storekeeper', 'planner'],
  query: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM') }),
  response: ReconciliationSummary,
  handler: ({ db, user, query }) => monthlySummary(reconDb(db), user.orgId, query.month, kindsOf(user)),
});

const ScheduleInput = z.object({
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (Asia/Shanghai)'),
  kinds: z
    .array(Kind)
    .min(1)
    .max(2)
    .refine((k) => new Set(k).size === k.length, 'lists a kind twice'),
  alertAbove: z.number().int().min(0).max(10_000_000).default(0),
});
const Schedule = z
  .object({
    connectorId: z.string(),
    at: z.string(),
    kinds: z.array(Kind),
    alertAbove: z.number().int(),
    lastRunDay: z.string().nullable(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'ReconciliationSchedule' });
const scheduleView = (r: {
  connector_id: string;
  at: string;
  kinds: string[];
  alert_above: number;
  last_run_day: string | null;
  updated_at: Date;
  updated_by: string;
}) => ({
  connectorId: r.connector_id,
  at: r.at,
  kinds: r.kinds as ReconciliationKind[],
  alertAbove: r.alert_above,
  lastRunDay: r.last_run_day,
  updatedAt: isoShanghai(r.updated_at)!,
  updatedBy: r.updated_by,
});
const ScheduleParams = z.object({ connectorId: ConnectorId });

const listSchedules = defineRoute({
  method: 'get',
  path: '/reconciliations/schedules',
  summary: "The connectors' daily reconciliation schedules",
  tags,
  auth: ['storekeeper', 'planner'],
  response: z.object({ items: z.array(Schedule), nextCursor: z.string().nullable() }),
  async handler({ db, user }) {
    const rows = await reconDb(db)
      .selectFrom('reconciliation_schedules')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .orderBy('connector_id')
      .execute();
    return { items: rows.map(scheduleView), nextCursor: null };
  },
});

const putSchedule = defineRoute({
  method: 'put',
  path: '/reconciliations/schedules/{connectorId}',
  summary:
    "Reconcile a connector daily (admin): time of day (Asia/Shanghai), kinds, and the alert's threshold",
  description:
    'At `at` each day the server pulls each kind through the connector and compares; more than alertAbove differing and ' +
    'missing rows open a reconciliation-difference alert, resolved by a later run within it. 409 no-snapshot when the ' +
    "connector's kind offers no snapshot to pull.",
  tags,
  auth: ['admin'],
  params: ScheduleParams,
  body: ScheduleInput,
  response: Schedule,
  status: 200,
  errors: [404, 409],
  async handler({ db, deps, user, params, body }) {
    const connector = await findConnector(db, user.orgId, params.connectorId);
    if (!snapshotPullers.has(connector.kind) && body.kinds.some((k) => k !== 'stock')) {
      throw conflict(
        'no-snapshot',
        `connector ${connector.id} (${connector.kind}) offers no work-order snapshot to pull: schedule stock only, or upload files to POST /reconciliations`,
        { connectorId: connector.id, connectorKind: connector.kind },
      );
    }
    const now = deps.clock.now();
    const rdb = reconDb(db);
    const before = await rdb
      .selectFrom('reconciliation_schedules')
      .selectAll()
      .where('connector_id', '=', connector.id)
      .executeTakeFirst();
    const values = {
      at: body.at,
      kinds: body.kinds,
      alert_above: body.alertAbove,
      updated_at: now,
      updated_by: user.userId,
    };
    const row = await rdb
      .insertInto('reconciliation_schedules')
      .values({ connector_id: connector.id, org_id: user.orgId, ...values })
      .onConflict((oc) => oc.column('connector_id').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'reconciliation-schedule.updated',
      subjectType: 'sync-connector',
      subjectId: connector.id,
      ...(before ? { before: scheduleView(before) } : {}),
      after: scheduleView(row),
    });
    return scheduleView(row);
  },
});

const deleteSchedule = defineRoute({
  method: 'delete',
  path: '/reconciliations/schedules/{connectorId}',
  summary: "Stop a connector's daily reconciliation (admin)",
  tags,
  auth: ['admin'],
  params: ScheduleParams,
  response: Schedule,
  status: 200,
  errors: [404],
  async handler({ db, user, params }) {
    const row = await reconDb(db)
      .deleteFrom('reconciliation_schedules')
      .where('org_id', '=', user.orgId)
      .where('connector_id', '=', params.connectorId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound(`connector '${params.connectorId}' has no reconciliation schedule`);
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'reconciliation-schedule.deleted',
      subjectType: 'sync-connector',
      subjectId: params.connectorId,
      before: scheduleView(row),
    });
    return scheduleView(row);
  },
});

const get = defineRoute({
  method: 'get',
  path: '/reconciliations/{id}',
  summary:
    'A reconciliation report: totals and rows (filter by status, page by cursor), or the whole report as CSV/XLSX',
  description:
    'Rows come differing first, then missing here, missing there (each by key), then matched in the order of their snapshot. ' +
    'format=csv answers UTF-8 CSV with a BOM and format=xlsx a workbook: every row of the status asked for, headings in Chinese with the field name.',
  tags,
  auth: ['storekeeper', 'planner'],
  params: z.object({ id: z.uuid() }),
  query: z.object({
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
    status: RowStatusSchema.optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  response: ReconciliationReport,
  errors: [404],
  async handler({ db, user, params, query }) {
    const run = await findRun(reconDb(db), user.orgId, params.id);
    if (!run) throw notFound(`no reconciliation ${params.id}`);
    mayUse(user, run.kind);
    const format = query.format ?? 'json';
    if (format === 'json') {
      const rows = await runRows(reconDb(db), run, {
        status: query.status,
        cursor: query.cursor,
        limit: query.limit ?? 100,
      });
      return { ...runView(run, await userNames(db, user.orgId, [run.created_by])), rows };
    }
    const all = await runRows(reconDb(db), run, { status: query.status, limit: 10_000_000 });
    const name = `reconciliation-${run.kind}-${isoShanghai(run.created_at)!.slice(0, 10)}-${run.id.slice(0, 8)}.${format}`;
    const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' };
    if (format === 'csv') {
      return new Response(reportCsv(run.kind, all.items), {
        headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' },
      });
    }
    return new Response(new Uint8Array(await reportXlsx(run.kind, all.items)), {
      headers: { ...headers, 'Content-Type': XLSX_TYPE },
    });
  },
});

// Static paths before /reconciliations/{id}.
export const reconciliationRoutes: AnyRoute[] = [
  create,
  list,
  summary,
  listSchedules,
  putSchedule,
  deleteSchedule,
  get,
];
