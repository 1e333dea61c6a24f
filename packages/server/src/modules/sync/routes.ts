import { randomBytes } from 'node:crypto';
import { Page, SyncConnector, SyncEvent } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { ConnectorKind } from '../../db/schema.js';
import { badRequest, conflict, notFound, zodErrors } from '../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { isoShanghai } from '../../shared/time.js';
import { ALERT_AFTER_ATTEMPTS, DEFAULT_ALERT_AFTER_FAILURES } from './backoff.js';
import { connectorConfigs, defaultTopics, isInboundKind } from './connector-config.js';
import { connectorSettings } from './connector-settings.js';
import { erpAdapters } from './connectors/erp.js';

const KINDS = Object.keys(connectorConfigs) as [ConnectorKind, ...ConnectorKind[]];
const pageQuery = { cursor: z.string().optional(), limit: z.number().int().min(1).max(500).optional() };

const ConnectorInput = z.object({
  kind: z.enum(KINDS),
  name: z.string().trim().min(1).max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  topics: z.array(z.string().trim().min(1).max(100)).min(1).max(100).optional(),
  enabled: z.boolean().default(true),
  alertAfterFailures: z.number().int().min(1).max(100).default(DEFAULT_ALERT_AFTER_FAILURES),
});

/** What an admin may change; config is merged into the stored one so secrets need not be sent again. */
const ConnectorChange = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  topics: z.array(z.string().trim().min(1).max(100)).min(1).max(100).nullable().optional(),
  enabled: z.boolean().optional(),
  alertAfterFailures: z.number().int().min(1).max(100).optional(),
});
const ConnectorParams = z.object({ id: z.string().min(1).max(64) });

type ConnectorRow = {
  id: string;
  kind: ConnectorKind;
  name: string;
  enabled: boolean;
  topics: string[] | null;
  last_success_at: Date | null;
  last_error: string | null;
  alert_after_failures: number;
  config: Record<string, unknown>;
};

/**
 * An edit's config over the stored one. An ERP adapter's `options` merge one level deeper: the
 * console shows them without their credentials, so options sent back must not drop the password.
 */
function mergeConfig(
  stored: Record<string, unknown>,
  change: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...stored, ...change };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(stored.options) && isObject(change.options))
    merged.options = { ...stored.options, ...change.options };
  return merged;
}

/** The config only as connectorSettings shows it: without its secrets. */
const connectorView = (r: ConnectorRow) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  enabled: r.enabled,
  ...(r.topics ? { topics: r.topics } : {}),
  lastSuccessAt: isoShanghai(r.last_success_at),
  lastError: r.last_error,
  alertAfterFailures: r.alert_after_failures,
  settings: connectorSettings(r.kind, r.config),
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
    let q = db
      .selectFrom('sync_connectors')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('deleted_at', 'is', null);
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
  summary:
    'Add a connector (admin): webhook, RabbitMQ, ERP adapter, DingTalk/WeCom/e-mail alerts, or an inbound queue, HTTP poll or database pull',
  description:
    'config per kind — webhook: {url, secret, timeoutMs?}; rabbitmq: {url, exchange, exchangeType?}; erp: {adapter ' +
    '(generic-json, kingdee-k3cloud, yonyou-u8 or one registered in the server), options?}; dingtalk-robot: {accessToken, secret?}; ' +
    "wecom-robot: {key}; dingtalk-notice: {userIds? | toAllUser} and wecom-message: {userIds?} use the server's platform credentials; " +
    'email: {to, smtpUrl?}. Message kinds carry alert.opened by default, batched into one message a minute. ' +
    'rabbitmq-inbound, http-poll and database bring records in (docs/sync-inbound-sources.md) and are sent no events. ' +
    'The connector receives events written from now on.',
  tags: ['sync'],
  auth: ['admin'],
  body: ConnectorInput,
  response: SyncConnector,
  errors: [409],
  async handler({ body, user, db, deps }) {
    const config = validConfig(body.kind, body.config, deps);
    const row = await db
      .insertInto('sync_connectors')
      .values({
        id: `${body.kind}-${randomBytes(5).toString('hex')}`,
        org_id: user.orgId,
        kind: body.kind,
        name: body.name,
        config: JSON.stringify(config),
        enabled: body.enabled,
        // An inbound connector is sent no events, whatever topics it names.
        topics: isInboundKind(body.kind) ? [] : (body.topics ?? defaultTopics(body.kind)),
        alert_after_failures: body.alertAfterFailures,
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
      after: auditedConnector(row),
    });
    return connectorView(row);
  },
});

/** The audited state of a connector: never the config, it holds the secrets. */
const auditedConnector = (r: ConnectorRow & { alert_after_failures: number }) => ({
  kind: r.kind,
  name: r.name,
  topics: r.topics,
  enabled: r.enabled,
  alertAfterFailures: r.alert_after_failures,
});

/** A connector's config checked against its kind and what this server can do; 400 when it does not fit. */
function validConfig(
  kind: ConnectorKind,
  input: Record<string, unknown>,
  deps: { config: { dingtalk?: { agentId?: string } | undefined; wecom?: unknown } },
): Record<string, unknown> {
  const parsed = connectorConfigs[kind].safeParse(input);
  if (!parsed.success) {
    const errors = zodErrors(parsed.error.issues, 'config');
    throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  }
  const config = parsed.data as Record<string, unknown>;
  if (kind === 'erp' && !erpAdapters.has(String(config.adapter))) {
    throw badRequest(
      `no ERP adapter '${String(config.adapter)}' is registered in this server (there are ${[...erpAdapters.keys()].join(', ')}); see docs/sync.md`,
      [{ path: 'config.adapter', message: 'unknown adapter' }],
    );
  }
  const adapterOptions = kind === 'erp' ? erpAdapters.get(String(config.adapter))?.options : undefined;
  if (adapterOptions) {
    const options = adapterOptions.safeParse(config.options ?? {});
    if (!options.success) {
      const errors = zodErrors(options.error.issues, 'config.options');
      throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    config.options = options.data;
  }
  if (kind === 'dingtalk-notice' && !deps.config.dingtalk?.agentId) {
    throw badRequest(
      'DingTalk work notices need DINGTALK_CORP_ID, DINGTALK_APP_KEY, DINGTALK_APP_SECRET and DINGTALK_AGENT_ID on the server',
    );
  }
  if (kind === 'wecom-message' && !deps.config.wecom) {
    throw badRequest('WeCom app messages need WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET on the server');
  }
  return config;
}

const updateConnector = defineRoute({
  method: 'put',
  path: '/sync/connectors/{id}',
  summary: 'Edit a connector (admin): name, config, topics, enabled, alertAfterFailures',
  description:
    'Only the fields sent change. config is merged into the stored one (send only what changes; secrets stay). ' +
    'topics: null delivers every topic. A disabled connector receives no new events until enabled again.',
  tags: ['sync'],
  auth: ['admin'],
  params: ConnectorParams,
  body: ConnectorChange,
  response: SyncConnector,
  errors: [404],
  async handler({ params, body, user, db, deps }) {
    const before = await db
      .selectFrom('sync_connectors')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('id', '=', params.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!before) throw notFound(`no sync connector '${params.id}'`);
    const config = body.config
      ? validConfig(before.kind, mergeConfig(before.config, body.config), deps)
      : undefined;
    const row = await db
      .updateTable('sync_connectors')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(config ? { config: JSON.stringify(config) } : {}),
        ...(body.topics !== undefined && !isInboundKind(before.kind) ? { topics: body.topics } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.alertAfterFailures !== undefined ? { alert_after_failures: body.alertAfterFailures } : {}),
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'sync-connector.updated',
      subjectType: 'sync-connector',
      subjectId: row.id,
      before: { ...auditedConnector(before), ...(config ? { configChanged: true } : {}) },
      after: auditedConnector(row),
    });
    return connectorView(row);
  },
});

const deleteConnector = defineRoute({
  method: 'delete',
  path: '/sync/connectors/{id}',
  summary:
    'Delete a connector (admin): it stops receiving events; its history stays readable in /sync/events',
  tags: ['sync'],
  auth: ['admin'],
  params: ConnectorParams,
  response: SyncConnector,
  status: 200,
  errors: [404],
  async handler({ params, user, db, deps }) {
    const row = await db
      .updateTable('sync_connectors')
      .set({ deleted_at: deps.clock.now(), enabled: false })
      .where('org_id', '=', user.orgId)
      .where('id', '=', params.id)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound(`no sync connector '${params.id}'`);
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'sync-connector.deleted',
      subjectType: 'sync-connector',
      subjectId: row.id,
      before: auditedConnector(row),
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

export const syncRoutes: AnyRoute[] = [
  listConnectors,
  createConnector,
  updateConnector,
  deleteConnector,
  listEvents,
  retryEvent,
];
