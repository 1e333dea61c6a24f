import { Alert, AlertQuery, Page } from '@shopfloor/sdk';
import { sql } from 'kysely';
import { notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { page } from '../../shared/cursor.js';
import { decodeTimeCursor } from '../stock/time-cursor.js';
import { acknowledgeAlert } from './store.js';
import { alertView } from './view.js';

const AlertParams = z.object({ id: z.uuid() });

const listAlerts = defineRoute({
  method: 'get',
  path: '/alerts',
  summary: 'Alerts of the org, newest first (预警)',
  tags: ['alerts'],
  auth: 'any',
  query: AlertQuery,
  response: Page(Alert),
  async handler({ query, user, db }) {
    const limit = query.limit ?? 50;
    const after = decodeTimeCursor(query.cursor, 'uuid');
    let q = db
      .selectFrom('alerts')
      .selectAll()
      .select(sql<string>`opened_at::text`.as('opened_key'))
      .where('org_id', '=', user.orgId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.severity) q = q.where('severity', '=', query.severity);
    if (after) {
      q = q.where(sql<boolean>`(opened_at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
    }
    const rows = await q
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const { rows: shown, nextCursor } = page(rows, limit, (r) => [r.opened_key, r.id]);
    return { items: shown.map(alertView), nextCursor };
  },
});

const acknowledge = defineRoute({
  method: 'post',
  path: '/alerts/{id}/acknowledge',
  summary: 'Acknowledge an alert: records who saw it and when (idempotent)',
  tags: ['alerts'],
  auth: 'any',
  params: AlertParams,
  response: Alert,
  status: 200,
  errors: [404],
  async handler({ params, user, db, deps }) {
    const done = await acknowledgeAlert(db, user.orgId, params.id, user.userId, deps.clock.now());
    if (!done) throw notFound(`no alert ${params.id}`);
    const row = await db
      .selectFrom('alerts')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('id', '=', params.id)
      .executeTakeFirstOrThrow();
    return alertView(row);
  },
});

export const alertsRoutes: AnyRoute[] = [listAlerts, acknowledge];
