import { createHmac } from 'node:crypto';
import { type ShopfloorClient, SyncConnector } from '@shopfloor/sdk';
import amqp from 'amqplib';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlert } from '../src/modules/alerts/store.js';
import {
  ALERT_AFTER_ATTEMPTS,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  DEFAULT_ALERT_AFTER_FAILURES,
} from '../src/modules/sync/backoff.js';
import { createSyncWorker, type SyncWorker } from '../src/modules/sync/worker.js';
import { emitEvent } from '../src/shared/events.js';
import { seedUsers } from './fixtures.js';
import {
  DINGTALK_BASE,
  startWebhookReceiver,
  WECOM_BASE,
  type WebhookReceiver,
} from './fixtures-platform.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const robotCalls: {
  kind: 'dingtalk' | 'wecom';
  query: Record<string, string>;
  body: { markdown: Record<string, string> };
}[] = [];
const msw = setupServer(
  http.post(`${DINGTALK_BASE}/robot/send`, async ({ request }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    robotCalls.push({ kind: 'dingtalk', query, body: (await request.json()) as never });
    return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
  }),
  http.post(`${WECOM_BASE}/cgi-bin/webhook/send`, async ({ request }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    robotCalls.push({ kind: 'wecom', query, body: (await request.json()) as never });
    return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
  }),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

const WEBHOOK_SECRET = 'webhook-secret-0123456789';
const AFTER_MAX_BACKOFF = BACKOFF_MAX_MS + 1_000;

describe.each(backends())('sync delivery on %s', (backend) => {
  let server: TestServer;
  let admin: ShopfloorClient;
  let worker: SyncWorker;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: seedUsers,
      env: { DINGTALK_API_BASE: DINGTALK_BASE, WECOM_API_BASE: WECOM_BASE },
    });
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
  const deliveries = (connectorId: string) =>
    server.database.db
      .selectFrom('sync_deliveries')
      .selectAll()
      .where('connector_id', '=', connectorId)
      .orderBy('event_id')
      .execute();
  const liveAlert = (subject: string) =>
    server.database.db
      .selectFrom('alerts')
      .selectAll()
      .where('kind', '=', 'sync-failure')
      .where('subject', '=', subject)
      .orderBy('opened_at', 'desc')
      .executeTakeFirst();

  it('retries a failing webhook with growing back-off and delivers each event once, in order, signed', async () => {
    const hook = await receiver();
    const connector = await addConnector({
      kind: 'webhook',
      name: 'ERP 网关',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.retry'],
    });
    for (let i = 0; i < 3; i++) await emit('test.retry', 'WO-R1', { n: i });
    hook.failNext = 2;

    expect(await worker.tick()).toBe(0);
    let [first] = await deliveries(connector.id);
    const firstDelay = first!.next_attempt_at.getTime() - server.clock.now().getTime();
    expect(first!.attempts).toBe(1);
    expect(firstDelay).toBeGreaterThanOrEqual(BACKOFF_BASE_MS / 2);
    expect(firstDelay).toBeLessThanOrEqual(BACKOFF_BASE_MS);
    expect(await worker.tick()).toBe(0); // not due yet: nothing is sent
    expect(hook.requests).toHaveLength(1);

    server.clock.advance(AFTER_MAX_BACKOFF);
    expect(await worker.tick()).toBe(0);
    [first] = await deliveries(connector.id);
    const secondDelay = first!.next_attempt_at.getTime() - server.clock.now().getTime();
    expect(first!.attempts).toBe(2);
    expect(secondDelay).toBeGreaterThanOrEqual(BACKOFF_BASE_MS);
    expect(secondDelay).toBeLessThanOrEqual(2 * BACKOFF_BASE_MS);
    expect(first!.last_error).toContain('HTTP 503');

    server.clock.advance(AFTER_MAX_BACKOFF);
    expect(await worker.tick()).toBe(3);
    const rows = await deliveries(connector.id);
    expect(rows.every((r) => r.delivered_at !== null)).toBe(true);
    const ids = rows.map((r) => String(r.event_id));
    expect([...hook.accepted.keys()]).toEqual(ids);
    expect([...hook.acceptedCount.values()]).toEqual([1, 1, 1]);

    const sample = hook.accepted.get(ids[0]!)!;
    const timestamp = String(sample.headers['x-shopfloor-timestamp']);
    const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${sample.body}`).digest('hex');
    expect(sample.headers['x-shopfloor-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(sample.body)).toMatchObject({
      id: ids[0],
      topic: 'test.retry',
      aggregate: { type: 'test', id: 'WO-R1' },
    });
    const outbox = await server.database.db
      .selectFrom('outbox_events')
      .select('delivered_at')
      .where('topic', '=', 'test.retry')
      .execute();
    expect(outbox.every((e) => e.delivered_at !== null)).toBe(true);
  });

  it(`raises one sync-failure alert after ${DEFAULT_ALERT_AFTER_FAILURES} failed deliveries, keeps retrying to 'dead' and resolves it when delivery recovers`, async () => {
    const hook = await receiver();
    const connector = await addConnector({
      kind: 'webhook',
      name: 'MES 备份',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.alert'],
    });
    await emit('test.alert', 'WO-A1');
    hook.failNext = 1_000;
    for (let i = 1; i < DEFAULT_ALERT_AFTER_FAILURES; i++) {
      await worker.tick();
      server.clock.advance(AFTER_MAX_BACKOFF);
    }
    expect(await liveAlert(connector.id)).toBeUndefined();
    await worker.tick();
    const alert = await liveAlert(connector.id);
    expect(alert).toMatchObject({ status: 'open', severity: 'critical' });
    expect(alert!.message).toContain('MES 备份');
    for (let i = DEFAULT_ALERT_AFTER_FAILURES; i < ALERT_AFTER_ATTEMPTS; i++) {
      server.clock.advance(AFTER_MAX_BACKOFF);
      await worker.tick();
    }
    const alerts = await server.database.db
      .selectFrom('alerts')
      .select('id')
      .where('kind', '=', 'sync-failure')
      .where('subject', '=', connector.id)
      .execute();
    expect(alerts).toEqual([{ id: alert!.id }]);
    const [row] = await deliveries(connector.id);
    expect(row!.attempts).toBe(ALERT_AFTER_ATTEMPTS);
    const delay = row!.next_attempt_at.getTime() - server.clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(BACKOFF_MAX_MS / 2);
    expect(delay).toBeLessThanOrEqual(BACKOFF_MAX_MS);

    const failed = (await admin.request({
      method: 'GET',
      path: '/sync/events',
      query: { status: 'failed', connector: connector.id },
    })) as {
      items: { status: string; attempts: number }[];
    };
    expect(failed.items).toEqual([
      expect.objectContaining({ status: 'dead', attempts: ALERT_AFTER_ATTEMPTS }),
    ]);

    hook.failNext = 0;
    server.clock.advance(AFTER_MAX_BACKOFF);
    await worker.tick();
    expect((await liveAlert(connector.id))?.status).toBe('resolved');
    expect(hook.acceptedCount.size).toBe(1);
    const listed = await admin.request({ method: 'GET', path: '/sync/connectors' });
    expect((listed as { items: unknown[] }).items).toContainEqual(
      expect.objectContaining({ id: connector.id, lastError: null, lastSuccessAt: expect.any(String) }),
    );
  });

  it('retries an event at once when an admin asks', async () => {
    const hook = await receiver();
    const connector = await addConnector({
      kind: 'webhook',
      name: 'retry-now',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.manual'],
    });
    await emit('test.manual', 'M-1');
    hook.failNext = 1;
    await worker.tick();
    const [row] = await deliveries(connector.id);
    expect(row!.delivered_at).toBeNull();
    const answer = await admin.request({ method: 'POST', path: `/sync/events/${row!.event_id}/retry` });
    expect(answer).toEqual({ id: String(row!.event_id), rescheduled: 1 });
    expect(await worker.tick()).toBe(1);
    expect(hook.accepted.has(String(row!.event_id))).toBe(true);
    const again = await fetch(`${server.url}/api/v1/sync/events/${row!.event_id}/retry`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await server.token('admin')}` },
    });
    expect(again.status).toBe(409);
  });

  it('never delivers an event twice when two workers tick at the same time (SKIP LOCKED)', async () => {
    const hook = await receiver();
    await addConnector({
      kind: 'webhook',
      name: 'concurrent',
      config: { url: hook.url, secret: WEBHOOK_SECRET },
      topics: ['test.concurrent'],
    });
    const aggregates = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5'];
    for (let i = 0; i < 30; i++) await emit('test.concurrent', aggregates[i % aggregates.length]!, { i });
    const other = createSyncWorker(server.deps, { batch: 4 });
    const mine = createSyncWorker(server.deps, { batch: 4 });
    try {
      await Promise.all([mine.tick(), other.tick(), mine.tick(), other.tick()]);
      while ((await mine.tick()) + (await other.tick()) > 0) {
        // drain what the concurrent ticks left
      }
    } finally {
      await other.close();
      await mine.close();
    }
    expect(hook.requests).toHaveLength(30);
    expect([...hook.acceptedCount.values()].every((n) => n === 1)).toBe(true);
    // Events of one aggregate arrive in id order.
    for (const aggregate of aggregates) {
      const order = hook.requests
        .map((r) => JSON.parse(r.body) as { id: string; aggregate: { id: string } })
        .filter((b) => b.aggregate.id === aggregate)
        .map((b) => Number(b.id));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('marks events nobody subscribes to as delivered, so the outbox shows no lag for them', async () => {
    await emit('test.nobody-listens', 'N-1');
    await worker.tick();
    const row = await server.database.db
      .selectFrom('outbox_events')
      .select(['delivered_at', 'fanned_out_at'])
      .where('topic', '=', 'test.nobody-listens')
      .executeTakeFirstOrThrow();
    expect(row.delivered_at).not.toBeNull();
    expect(row.fanned_out_at).not.toBeNull();
  });

  it('batches alerts into one robot message per minute, signed for DingTalk and keyed for WeCom', async () => {
    const ding = await addConnector({
      kind: 'dingtalk-robot',
      name: '车间群机器人',
      config: { accessToken: 'ROBOT-AT', secret: 'SEC-robot-secret' },
    });
    const wecom = await addConnector({
      kind: 'wecom-robot',
      name: '仓库群机器人',
      config: { key: 'WECOM-KEY' },
    });
    expect(ding.topics).toEqual(['alert.opened']);
    const open = (subject: string) =>
      server.database.db.transaction().execute((tx) =>
        openAlert(tx, {
          orgId: 'demo',
          kind: 'system',
          severity: 'warning',
          subject,
          message: `${subject} 需要处理`,
        }),
      );
    robotCalls.length = 0;
    for (const s of ['BATCH-1', 'BATCH-2', 'BATCH-3']) await open(s);
    await worker.tick();
    expect(robotCalls.map((c) => c.kind).sort()).toEqual(['dingtalk', 'wecom']);
    const dingCall = robotCalls.find((c) => c.kind === 'dingtalk')!;
    for (const s of ['BATCH-1', 'BATCH-2', 'BATCH-3']) expect(dingCall.body.markdown.text).toContain(s);
    const expectedSign = createHmac('sha256', 'SEC-robot-secret')
      .update(`${dingCall.query.timestamp}\nSEC-robot-secret`)
      .digest('base64');
    expect(dingCall.query).toMatchObject({ access_token: 'ROBOT-AT', sign: expectedSign });
    expect(dingCall.query.timestamp).toBe(String(server.clock.now().getTime()));
    const wecomCall = robotCalls.find((c) => c.kind === 'wecom')!;
    expect(wecomCall.query.key).toBe('WECOM-KEY');
    expect(wecomCall.body.markdown.content).toContain('BATCH-3');

    robotCalls.length = 0;
    for (const s of ['BATCH-4', 'BATCH-5']) await open(s);
    await worker.tick();
    expect(robotCalls).toHaveLength(0); // still inside the minute
    server.clock.advance(61_000);
    await worker.tick();
    expect(robotCalls).toHaveLength(2);
    for (const call of robotCalls) {
      const text = call.body.markdown.text ?? call.body.markdown.content;
      expect(text).toContain('BATCH-4');
      expect(text).toContain('BATCH-5');
      expect(text).not.toContain('BATCH-1');
    }
    const pending = (await deliveries(ding.id))
      .concat(await deliveries(wecom.id))
      .filter((d) => !d.delivered_at);
    expect(pending).toHaveLength(0);
  });

  it('words alerts in the language a robot connector is set to, Chinese unless it says English', async () => {
    await addConnector({
      kind: 'wecom-robot',
      name: 'Expat QA group',
      config: { key: 'EN-KEY', locale: 'en' },
    });
    await addConnector({ kind: 'wecom-robot', name: '质检群', config: { key: 'ZH-KEY' } });
    robotCalls.length = 0;
    server.clock.advance(61_000); // past the minute of earlier tests' batches
    await server.database.db.transaction().execute((tx) =>
      openAlert(tx, {
        orgId: 'demo',
        kind: 'overdue-operation',
        severity: 'warning',
        subject: 'WO-LOCALE:20',
        message: '工单 WO-LOCALE 工序 20（焊接）已逾期 5 小时：应于 2026-11-26 00:00 完成，合格 3 / 10',
        params: {
          workOrderNo: 'WO-LOCALE',
          seq: 20,
          operation: '焊接',
          lateMinutes: 300,
          deadline: '2026-11-26 00:00',
          good: 3,
          qty: 10,
        },
      }),
    );
    await worker.tick();
    const text = (key: string) =>
      String(robotCalls.find((c) => c.kind === 'wecom' && c.query.key === key)?.body.markdown.content);
    expect(text('EN-KEY')).toContain('Operation overdue: WO-LOCALE op 20');
    expect(text('EN-KEY')).not.toMatch(/逾期|工序|预警/);
    expect(text('ZH-KEY')).toContain('工序逾期：WO-LOCALE 工序 20');
    const bad = await fetch(`${server.url}/api/v1/sync/connectors`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await server.token('admin')}` },
      body: JSON.stringify({ kind: 'wecom-robot', name: 'x', config: { key: 'K', locale: 'fr' } }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(['config.locale']);
  });

  it('refuses connectors with a bad config, an unknown ERP adapter, or from a non-admin', async () => {
    const bad = await fetch(`${server.url}/api/v1/sync/connectors`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await server.token('admin')}` },
      body: JSON.stringify({ kind: 'webhook', name: 'x', config: { url: 'ftp://nope', secret: 'short' } }),
    });
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'config.secret',
      'config.url',
    ]);
    await expect(
      addConnector({ kind: 'erp', name: 'SAP', config: { adapter: 'sap' } }),
    ).rejects.toMatchObject({ status: 400 });
    const planner = await server.as('pl-zhou');
    await expect(
      planner.request({
        method: 'POST',
        path: '/sync/connectors',
        body: { kind: 'wecom-robot', name: 'x', config: { key: 'k' } },
      }),
    ).rejects.toMatchObject({ status: 403 });
    const list = (await planner.request({ method: 'GET', path: '/sync/connectors' })) as { items: object[] };
    expect(JSON.stringify(list)).not.toContain(WEBHOOK_SECRET);
    const operator = await server.as('op-li');
    await expect(operator.request({ method: 'GET', path: '/sync/events' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('publishes to RabbitMQ, persistent and confirmed, when a broker runs at 127.0.0.1:5672', async () => {
    const url = 'amqp://guest:guest@127.0.0.1:5672';
    let consumer: amqp.ChannelModel;
    try {
      consumer = await amqp.connect(url, { timeout: 2_000 });
    } catch (err) {
      const reason = `RabbitMQ not reachable at 127.0.0.1:5672 (${(err as Error).message})`;
      console.warn(`[sync tests] RabbitMQ pass skipped: ${reason}`);
      expect(reason).toContain('not reachable');
      return;
    }
    try {
      const exchange = `shopfloor-test-${backend}-${Date.now()}`;
      const channel = await consumer.createChannel();
      await channel.assertExchange(exchange, 'topic', { durable: true });
      const { queue } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(queue, exchange, 'test.#');
      await addConnector({
        kind: 'rabbitmq',
        name: '消息总线',
        config: { url, exchange },
        topics: ['test.mq'],
      });
      for (let i = 0; i < 3; i++) await emit('test.mq', `MQ-${i}`, { i });
      expect(await worker.tick()).toBe(3);
      const got: amqp.GetMessage[] = [];
      for (let i = 0; i < 20 && got.length < 3; i++) {
        const m = await channel.get(queue, { noAck: true });
        if (m) got.push(m);
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(got.map((m) => JSON.parse(m.content.toString()).payload.i)).toEqual([0, 1, 2]);
      expect(got.every((m) => m.properties.deliveryMode === 2 && m.fields.routingKey === 'test.mq')).toBe(
        true,
      );
      expect(new Set(got.map((m) => m.properties.messageId)).size).toBe(3);
      await channel.deleteExchange(exchange);
    } finally {
      await consumer.close();
    }
  });
});
