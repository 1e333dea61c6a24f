import { conflict } from '../../../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../../../http/route.js';
import { audit } from '../../../../shared/audit.js';
import { decodeCursor, page } from '../../../../shared/cursor.js';
import { isoShanghai } from '../../../../shared/time.js';
import { findConnector } from '../../find-connector.js';
import { isPullKind, runPull } from './pull.js';

const Watermark = z.record(z.string(), z.unknown()).nullable();

export const InboundRun = z
  .object({
    id: z.string(),
    connectorId: z.string(),
    trigger: z.enum(['schedule', 'manual']),
    startedBy: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    status: z.enum(['running', 'succeeded', 'failed']),
    records: z.number().int(),
    applied: z.number().int(),
    rejected: z.number().int(),
    duplicates: z.number().int(),
    watermarkBefore: Watermark,
    watermarkAfter: Watermark,
    error: z.string().nullable(),
  })
  .meta({ id: 'InboundRun' });

const Params = z.object({ id: z.string().min(1).max(64) });

type RunRow = {
  id: number;
  connector_id: string;
  trigger: 'schedule' | 'manual';
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  records: number;
  applied: number;
  rejected: number;
  duplicates: number;
  watermark_before: Record<string, unknown> | null;
  watermark_after: Record<string, unknown> | null;
  error: string | null;
};

const runView = (r: RunRow): z.infer<typeof InboundRun> => ({
  id: String(r.id),
  connectorId: r.connector_id,
  trigger: r.trigger,
  startedBy: r.started_by,
  startedAt: isoShanghai(r.started_at)!,
  finishedAt: isoShanghai(r.finished_at),
  status: r.finished_at === null ? 'running' : r.error === null ? 'succeeded' : 'failed',
  records: Number(r.records),
  applied: Number(r.applied),
  rejected: Number(r.rejected),
  duplicates: Number(r.duplicates),
  watermarkBefore: r.watermark_before,
  watermarkAfter: r.watermark_after,
  error: r.error,
});

const listRuns = defineRoute({
  method: 'get',
  path: '/sync/connectors/{id}/runs',
  summary: 'Pulls of an http-poll or database connector, newest first (admin, planner)',
  description:
    'One row per pull: records taken, applied, rejected, duplicates, the watermark before and after, the error of a failed pull.',
  tags: ['sync'],
  auth: ['planner'],
  params: Params,
  query: z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(200).optional() }),
  response: z.object({ items: z.array(InboundRun), nextCursor: z.string().nullable() }),
  errors: [404],
  async handler({ params, query, user, db }) {
    await findConnector(db, user.orgId, params.id);
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 1);
    let q = db
      .selectFrom('inbound_runs')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('connector_id', '=', params.id);
    if (after) q = q.where('id', '<', Number(after[0]));
    const rows = await q
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const shown = page(rows, limit, (r) => [Number(r.id)]);
    return { items: shown.rows.map(runView), nextCursor: shown.nextCursor };
  },
});

const runNow = defineRoute({
  method: 'post',
  path: '/sync/connectors/{id}/run',
  summary: 'Pull now from an http-poll or database connector (admin); answers the finished run',
  description:
    'Takes what changed since the watermark, as the schedule would. 409 pull-running while another pull of the connector runs ' +
    '(on any replica), 409 not-a-pull-connector for other kinds, 409 connector-disabled. A failed pull is a 201 whose run has status failed and its error.',
  tags: ['sync'],
  auth: ['admin'],
  params: Params,
  response: InboundRun,
  // No transaction around it: the pull talks to the other system and commits batch by batch.
  mutation: false,
  errors: [404, 409],
  async handler({ params, user, deps }) {
    const row = await findConnector(deps.db, user.orgId, params.id);
    if (!isPullKind(row.kind)) {
      throw conflict(
        'not-a-pull-connector',
        `connector '${row.name}' is a ${row.kind} connector; only http-poll and database connectors pull`,
        { kind: row.kind },
      );
    }
    if (!row.enabled) {
      throw conflict('connector-disabled', `connector '${row.name}' is disabled; enable it to pull`);
    }
    const run = await runPull(deps, row, { trigger: 'manual', by: user.userId });
    if (!run)
      throw conflict('pull-running', `a pull of connector '${row.name}' is running; try again when it ends`);
    await audit(deps.db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'sync-connector.pulled',
      subjectType: 'sync-connector',
      subjectId: row.id,
      after: { run: String(run.id), records: run.records, error: run.error },
    });
    const stored = await deps.db
      .selectFrom('inbound_runs')
      .selectAll()
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    return runView(stored);
  },
});

export const inboundSourceRoutes: AnyRoute[] = [listRuns, runNow];
