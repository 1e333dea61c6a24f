import { randomBytes } from 'node:crypto';
import { Page, SyncConnector, SyncEvent } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { ConnectorKind } from '../../db/schema.js';
import { badRequest, conflict, notFound, zodErrors } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { isoShanghai } from '../../shared/time.js';
import { ALERT_AFTER_ATTEMPTS } from './backoff.js';
import { connectorConfigs, defaultTopics } from './connector-config.js';
import { erpAdapters } from './connectors/erp.js';

const KINDS = Object.keys(connectorConfigs) as [ConnectorKind, ...ConnectorKind[]];
const pageQuery = { cursor: z.string().optional(), limit: z.number().int().min(1).max(500).optional() };

const ConnectorInput = z.object({
  kind: z.enum(KINDS),
  name: z.string().trim().min(1).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  topics: z.array(z.string().trim().min(1).max(100)).min(1).max(100).optional(),
  enabled: z.boolean().default(true),
});

type ConnectorRow = {
  id: string;
  kind: ConnectorKind;
  name: string;
  enabled: boolean;
  topics: string[] | null;
  last_success_at: Date | null;
  last_error: string | null;
};

/** Never the config: it holds the secrets. */
const connectorView = (r: ConnectorRow) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  enabled: r.enabled,
  ...(r.topics ? { topics: r.topics } : {}),
  lastSuccessAt: isoShanghai(r.last_success_at),
  lastError: r.last_error,
});

const listConnectors = defineRoute({
  method: 'get',
  path: '/sync/connectors',
  summary: 'Sync connectors of the org, with their last success and error (admin, planner)',
  tags: ['sync'],
  auth: ['planner'],
  query: z.object(pageQuery),
  response: Page(SyncConnector),
  async handler({ query, user, db }) {
    const limit = query.limit ?? 100;
    const after = decodeCursor(query.cursor, 1);
    let q = db.selectFrom('sync_connectors').selectAll().where('org_id', '=', user.orgId);
    if (after) q = q.where('id', '>', String(after[0]));
    const rows = await q
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const shown = page(rows, limit, (r) => [r.id]);
    return { items: shown.rows.map(connectorView), nextCursor: shown.nextCursor };
  },
});

const createConnector = defineRoute({
  method: 'post',
  path: '/sync/connectors',
  summary: 'Add a connector (admin): webhook, RabbitMQ, ERP adapter, or DingTalk/WeCom alert messages',
  description:
    'config per kind — webhook: {url, secret, timeoutMs?}; rabbitmq: {url, exchange, exchangeType?}; erp: {adapter, options?} ' +
    '(an adapter registered in the server); dingtalk-robot: {accessToken, secret?}; wecom-robot: {key}; ' +
    "dingtalk-notice: {userIds? | toAllUser} and wecom-message: {userIds?} use the server's platform credentials. " +
    'Message kinds carry alert.opened by default, batched into one message a minute. The connector receives events written from now on.',
  tags: ['sync'],
  auth: ['admin'],
  body: ConnectorInput,
  response: SyncConnector,
  errors: [409],
  async handler({ body, user, db, deps }) {
    const parsed = connectorConfigs[body.kind].safeParse(body.config);
    if (!parsed.success) {
      const errors = zodErrors(parsed.error.issues, 'config');
      throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    const config = parsed.data as Record<string, unknown>;
    if (body.kind === 'erp' && !erpAdapters.has(String(config.adapter))) {
      throw badRequest(
        `no ERP adapter '${String(config.adapter)}' is registered in this server; see docs/sync.md`,
        [{ path: 'config.adapter', message: 'unknown adapter' }],
      );
    }
    if (body.kind === 'dingtalk-notice' && !deps.config.dingtalk?.agentId) {
      throw badRequest(
        'DingTalk work notices need DINGTALK_CORP_ID, DINGTALK_APP_KEY, DINGTALK_APP_SECRET and DINGTALK_AGENT_ID on the server',
      );
    }
    if (body.kind === 'wecom-message' && !deps.config.wecom) {
      throw badRequest(
        'WeCom app messages need WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET on the server',
      );
    }
    const row = await db
      .insertInto('sync_connectors')
      .values({
        id: `${body.kind}-${randomBytes(5).toString('hex')}`,
        org_id: user.orgId,
        kind: body.kind,
        name: body.name,
        config: JSON.stringify(config),
        enabled: body.enabled,
        topics: body.topics ?? defaultTopics(body.kind),
        created_at: deps.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'sync-connector.created',
      subjectType: 'sync-connector',
      subjectId: row.id,
      after: { kind: row.kind, name: row.name, topics: row.topics, enabled: row.enabled },
    });
    return connectorView(row);
  },
});

const EventStatusFilter = z.enum(['pending', 'failed', 'dead', 'delivered']);

const listEvents = defineRoute({
  method: 'get',
  path: '/sync/events',
  summary: 'Deliveries of change events, one row per event and connector, newest first (admin, planner)',
  description:
    `pending: not tried yet; failed: tried and not delivered yet (includes dead); dead: ${ALERT_AFTER_ATTEMPTS} or more failed attempts ` +
    '— a sync-failure alert is open and the delivery is still retried at the longest back-off; delivered.',
  tags: ['sync'],
  auth: ['planner'],
  query: z.object({ ...pageQuery, status: EventStatusFilter.optional(), connector: z.string().optional() }),
  response: Page(SyncEvent),
  async handler({ query, user, db }) {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2);
    let q = db
      .selectFrom('sync_deliveries as d')
      .innerJoin('outbox_events as e', 'e.id', 'd.event_id')
      .select([
        'd.event_id',
        'd.connector_id',
        'd.attempts',
        'd.next_attempt_at',
        'd.delivered_at',
        'd.last_error',
        'e.topic',
        'e.aggregate_type',
        'e.aggregate_id',
        'e.created_at',
      ])
      .where('d.org_id', '=', user.orgId);
    if (query.connector) q = q.where('d.connector_id', '=', query.connector);
    if (query.status === 'delivered') q = q.where('d.delivered_at', 'is not', null);
    if (query.status === 'pending') q = q.where('d.delivered_at', 'is', null).where('d.attempts', '=', 0);
    if (query.status === 'failed') q = q.where('d.delivered_at', 'is', null).where('d.attempts', '>', 0);
    if (query.status === 'dead') {
      q = q.where('d.delivered_at', 'is', null).where('d.attempts', '>=', ALERT_AFTER_ATTEMPTS);
    }
    if (after) {
      q = q.where(sql<boolean>`(d.event_id, d.connector_id) < (${Number(after[0])}, ${String(after[1])})`);
    }
    const rows = await q
      .orderBy('d.event_id', 'desc')
      .orderBy('d.connector_id', 'desc')
      .limit(limit + 1)
      .execute();
    const shown = page(rows, limit, (r) => [Number(r.event_id), r.connector_id]);
    return {
      items: shown.rows.map((r) => ({
        id: String(r.event_id),
        connector: r.connector_id,
        topic: r.topic,
        subject: { type: r.aggregate_type.slice(0, 40), id: r.aggregate_id.slice(0, 64) },
        status: r.delivered_at
          ? ('delivered' as const)
          : r.attempts === 0
            ? ('pending' as const)
            : r.attempts >= ALERT_AFTER_ATTEMPTS
              ? ('dead' as const)
              : ('failed' as const),
        attempts: r.attempts,
        nextAttemptAt: r.delivered_at ? null : isoShanghai(r.next_attempt_at),
        lastError: r.last_error,
        createdAt: isoShanghai(r.created_at)!,
        deliveredAt: isoShanghai(r.delivered_at),
      })),
      nextCursor: shown.nextCursor,
    };
  },
});

const retryEvent = defineRoute({
  method: 'post',
  path: '/sync/events/{id}/retry',
  summary: 'Retry an event now on every connector that has not taken it yet (admin)',
  tags: ['sync'],
  auth: ['admin'],
  params: z.object({ id: z.coerce.number().int().positive() }),
  response: z.object({ id: z.string(), rescheduled: z.number().int() }),
  status: 202,
  errors: [404, 409],
  async handler({ params, user, db, deps }) {
    const event = await db
      .selectFrom('outbox_events')
      .select(['id'])
      .where('org_id', '=', user.orgId)
      .where(sql<boolean>`id = ${params.id}`)
      .executeTakeFirst();
    if (!event) throw notFound(`no event ${params.id}`);
    const r = await db
      .updateTable('sync_deliveries')
      .set({ next_attempt_at: deps.clock.now() })
      .where('org_id', '=', user.orgId)
      .where('event_id', '=', params.id)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    const rescheduled = Number(r.numUpdatedRows);
    if (rescheduled === 0) throw conflict('nothing-to-retry', `event ${params.id} has no delivery waiting`);
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'sync-event.retried',
      subjectType: 'sync-event',
      subjectId: String(params.id),
    });
    return { id: String(params.id), rescheduled };
  },
});

export const syncRoutes: AnyRoute[] = [listConnectors, createConnector, listEvents, retryEvent];
