import { type ShopfloorClient, SyncConnector } from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, backoffDelay } from '../src/modules/sync/backoff.js';
import type { SyncWorker } from '../src/modules/sync/worker.js';
import { emitEvent } from '../src/shared/events.js';
import { seedUsers } from './fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from './fixtures-platform.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const WEBHOOK_SECRET = 'webhook-secret-0123456789';

describe('sync back-off', () => {
  it('retries within seconds at first, with jitter, never past the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const d = backoffDelay(n, () => r);
        expect(d).toBeGreaterThanOrEqual(BACKOFF_BASE_MS / 2);
        expect(d).toBeLessThanOrEqual(BACKOFF_MAX_MS);
      }),
    );
    // The first two retries, jitter included, come within 2 s and 4 s.
    expect(backoffDelay(1, () => 1)).toBeLessThanOrEqual(2_000);
    expect(backoffDelay(2, () => 1)).toBeLessThanOrEqual(4_000);
  });
});

describe.each(backends())('sync failures seen at once on %s', (backend) => {
  let server: TestServer;
  let admin: ShopfloorClient;
  let worker: SyncWorker;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    admin = await server.as('admin');
    worker = server.services.workers.sync as SyncWorker;
  });
  afterAll(async () => {
    await worker?.close();
    await Promise.all(receivers.map((r) => r.close()));
    await server?.close();
  });

  const receiver = async () => {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  };
  const addConnector = (body: Record<string, unknown>) =>
    admin.request({ method: 'POST', path: '/sync/connectors', body, schema: SyncConnector });
  const emit = (topic: string, aggregateId: string, payload: unknown = {}) =>
    emitEvent(server.database.db, { orgId: 'demo', topic, aggregateType: 'test', aggregateId, payload });
  const alertsOf = (subject: string) =>
    server.database.db
      .selectFrom('alerts')
      .selectAll()
      .where('kind', '=', 'sync-failure')
      .where('subject', '=', subject)
      .execute();
  const call = async (method: string, path: string, body?: unknown, as = 'admin') =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token(as)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Ticks the worker, moving the fake clock to the next due retry, until nothing waits. */
  const drain = async (connectorId: string) => {
    for (let i = 0; i < 50; i++) {
      await worker.tick();
      const waiting = await server.database.db
        .selectFrom('sync_deliveries')
        .select('next_attempt_at')
        .where('connector_id', '=', connectorId)
        .where('delivered_at', 'is', null)
        .orderBy('next_attempt_at')
        .execute();
      if (waiting.length === 0) return;
      // Later events of an aggregate are due but wait behind its first: move to the first retry.
      const now = server.clock.now().getTime();
      const next = waiting.map((w) => w.next_attempt_at.getTime()).find((t) => t > now);
      if (next !== undefined) server.clock.advance(next - now);
    }
    throw new Error('deliveries still waiting after 50 ticks');
  };
  const arrivalOrder = (hook: WebhookReceiver) =>
    [...hook.accepted.values()].map((r) => JSON.parse(r.body) as { id: string; aggregate: { id: string } });

  it('a receiver that fails twice: one alert after the second failure within 30 s; it recovers, resolves, every event once in order', async () => {
    const hook = await receiver();
    const connector = await addConnector({
      kind: 'webhook',
      name: 'ERP 收货接口',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.outage'],
    });
    for (let i = 0; i < 5; i++) await emit('test.outage', 'PO-1', { n: i });
    hook.failNext = 2;
    const start = server.clock.now().getTime();

    expect(await worker.tick()).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(await alertsOf(connector.id)).toEqual([]);

    // drain() moves the fake clock to each due retry: the alert's opened_at says when it came.
    await drain(connector.id);
    const alerts = await alertsOf(connector.id);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(hook.requests.length).toBe(2 + 5);
    expect(alert.opened_at.getTime() - start).toBeLessThanOrEqual(30_000);
    expect(alert.opened_at.getTime() - start).toBeGreaterThan(0);
    expect(alert.params).toMatchObject({ connector: 'ERP 收货接口', connectorKind: 'webhook', attempts: 2 });
    expect(alert.status).toBe('resolved');
    expect(alert.message).toContain('同步已恢复');
    expect(alert.resolved_at!.getTime()).toBeGreaterThanOrEqual(alert.opened_at.getTime());

    const arrived = arrivalOrder(hook);
    expect(arrived.map((b) => Number(b.id))).toEqual(
      [...arrived.map((b) => Number(b.id))].sort((a, b) => a - b),
    );
    expect(arrived).toHaveLength(5);
    expect([...hook.acceptedCount.values()]).toEqual([1, 1, 1, 1, 1]);
    const announced = await server.database.db
      .selectFrom('outbox_events')
      .select('topic')
      .where('aggregate_type', '=', 'alert')
      .where('aggregate_id', '=', alert.id)
      .orderBy('id')
      .execute();
    expect(announced.map((e) => e.topic)).toEqual(['alert.opened', 'alert.resolved']);
  });

  it('opens the alert exactly at the second failure, not at the first', async () => {
    const hook = await receiver();
    const connector = await addConnector({
      kind: 'webhook',
      name: 'WMS',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.second'],
    });
    await emit('test.second', 'WO-2');
    hook.failNext = 1_000;
    await worker.tick();
    expect(await alertsOf(connector.id)).toEqual([]);
    server.clock.advance(2 * BACKOFF_BASE_MS);
    await worker.tick();
    expect(hook.requests).toHaveLength(2);
    expect(await alertsOf(connector.id)).toEqual([
      expect.objectContaining({ status: 'open', severity: 'critical' }),
    ]);
    for (let i = 0; i < 4; i++) {
      server.clock.advance(BACKOFF_MAX_MS);
      await worker.tick();
    }
    expect(hook.requests).toHaveLength(6);
    expect(await alertsOf(connector.id)).toHaveLength(1); // once per outage
    hook.failNext = 0;
    server.clock.advance(BACKOFF_MAX_MS);
    await worker.tick();
    expect(await alertsOf(connector.id)).toEqual([expect.objectContaining({ status: 'resolved' })]);
    // A new outage is a new alert.
    hook.failNext = 2;
    await emit('test.second', 'WO-2');
    await drain(connector.id);
    expect((await alertsOf(connector.id)).map((a) => a.status).sort()).toEqual(['resolved', 'resolved']);
  });

  it('any outage over any aggregates: every event arrives once, in order per aggregate, and no alert stays open', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        async (aggregates, failures, alertAfterFailures) => {
          const hook = await receiver();
          const topic = `test.prop${round++}`;
          const connector = await addConnector({
            kind: 'webhook',
            name: topic,
            config: { url: hook.url, secret: WEBHOOK_SECRET },
            topics: [topic],
            alertAfterFailures,
          });
          for (const [i, a] of aggregates.entries()) await emit(topic, a, { i });
          hook.failNext = failures;
          await drain(connector.id);
          const arrived = arrivalOrder(hook);
          expect(arrived).toHaveLength(aggregates.length);
          expect([...hook.acceptedCount.values()].every((n) => n === 1)).toBe(true);
          for (const a of new Set(aggregates)) {
            const ids = arrived.filter((b) => b.aggregate.id === a).map((b) => Number(b.id));
            expect(ids).toEqual([...ids].sort((x, y) => x - y));
          }
          const alerts = await alertsOf(connector.id);
          expect(alerts.every((x) => x.status === 'resolved')).toBe(true);
          if (failures < alertAfterFailures) expect(alerts).toEqual([]);
          await hook.close();
        },
      ),
      { numRuns: 8 },
    );
  });

  it('PUT edits a connector (admin, audit-logged): the threshold, disabling and enabling, config merged with its secret kept', async () => {
    const hook = await receiver();
    const connector = await addConnector({
      kind: 'webhook',
      name: '旧名称',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.edit'],
    });
    const res = await call('PUT', `/sync/connectors/${connector.id}`, {
      name: 'ERP 出库',
      alertAfterFailures: 3,
      enabled: false,
      config: { timeoutMs: 5_000 },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: connector.id, name: 'ERP 出库', enabled: false });
    const row = await server.database.db
      .selectFrom('sync_connectors')
      .selectAll()
      .where('id', '=', connector.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ alert_after_failures: 3, enabled: false });
    expect(row.config).toEqual({ url: hook.url, secret: WEBHOOK_SECRET, timeoutMs: 5_000 });
    const audited = await server.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', connector.id)
      .where('action', '=', 'sync-connector.updated')
      .execute();
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited[0])).not.toContain(WEBHOOK_SECRET);

    // Disabled: events written meanwhile are not delivered to it.
    await emit('test.edit', 'E-1');
    await worker.tick();
    expect(hook.requests).toHaveLength(0);

    expect((await call('PUT', `/sync/connectors/${connector.id}`, { enabled: true })).status).toBe(200);
    await emit('test.edit', 'E-2');
    hook.failNext = 1_000;
    await worker.tick();
    server.clock.advance(BACKOFF_MAX_MS);
    await worker.tick();
    expect(hook.requests).toHaveLength(2);
    expect(await alertsOf(connector.id)).toEqual([]); // threshold 3, two failures
    server.clock.advance(BACKOFF_MAX_MS);
    await worker.tick();
    expect(await alertsOf(connector.id)).toEqual([expect.objectContaining({ status: 'open' })]);
    hook.failNext = 0;
    await drain(connector.id);

    const bad = await call('PUT', `/sync/connectors/${connector.id}`, { config: { url: 'ftp://x' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [expect.objectContaining({ path: 'config.url' })] });
    expect((await call('PUT', `/sync/connectors/${connector.id}`, { name: 'x' }, 'pl-zhou')).status).toBe(
      403,
    );
    expect((await call('PUT', '/sync/connectors/webhook-nope', { name: 'x' })).status).toBe(404);
  });

  it('DELETE removes a connector but keeps its history readable (admin, audit-logged)', async () => {
    const hook = await receiver();
    const connector = await addConnector({
      kind: 'webhook',
      name: '待删除',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.delete'],
    });
    await emit('test.delete', 'D-1');
    await worker.tick();
    expect(hook.requests).toHaveLength(1);

    expect((await call('DELETE', `/sync/connectors/${connector.id}`, undefined, 'pl-zhou')).status).toBe(403);
    const res = await call('DELETE', `/sync/connectors/${connector.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: connector.id, enabled: false });

    const listed = (await admin.request({ method: 'GET', path: '/sync/connectors' })) as {
      items: { id: string }[];
    };
    expect(listed.items.map((c) => c.id)).not.toContain(connector.id);
    const events = (await admin.request({
      method: 'GET',
      path: '/sync/events',
      query: { connector: connector.id },
    })) as { items: { status: string }[] };
    expect(events.items).toEqual([expect.objectContaining({ status: 'delivered' })]);

    await emit('test.delete', 'D-2');
    await worker.tick();
    expect(hook.requests).toHaveLength(1);
    expect((await call('DELETE', `/sync/connectors/${connector.id}`)).status).toBe(404);
    expect((await call('PUT', `/sync/connectors/${connector.id}`, { enabled: true })).status).toBe(404);
    const audited = await server.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', connector.id)
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['sync-connector.created', 'sync-connector.deleted']);
  });
});
