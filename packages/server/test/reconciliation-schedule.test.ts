import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReconciliationWorker } from '../src/modules/reconciliation/worker.js';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { call } from './reconciliation-helpers.js';

/**
 * The daily reconciliation of a connector: the other system (a real HTTP endpoint polled by an
 * http-poll connector) is pulled at the schedule's time, Asia/Shanghai, once a day however many
 * replicas tick; more differences than alertAbove open one reconciliation-difference alert, a
 * later run within the threshold resolves it.
 */
describe.each(backends())('the daily reconciliation schedule on %s', (backend) => {
  let server: TestServer;
  let wms: Server;
  let snapshot: Record<string, unknown>[] = [];
  let connectorId: string;
  let pulls = 0;

  beforeAll(async () => {
    wms = createServer((_req, res) => {
      pulls++;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ data: snapshot }));
    });
    await new Promise<void>((resolve) => wms.listen(0, '127.0.0.1', resolve));
    server = await startTestServer({ backend, seed: seedStock });
    for (const code of ['SC-1', 'SC-2', 'SC-3']) await addItem(server.database.db, code);
    await receive(server, [
      { item: 'SC-1', qty: 10, location: 'RM-A01' },
      { item: 'SC-2', qty: 5, location: 'RM-A01' },
      { item: 'SC-3', qty: 1, location: 'RM-A02' },
    ]);
    const port = (wms.address() as AddressInfo).port;
    const made = await call(server, 'admin', 'POST', '/sync/connectors', {
      json: {
        kind: 'http-poll',
        name: 'WMS 库存',
        config: {
          url: `http://127.0.0.1:${port}/stock`,
          kind: 'stockSnapshot',
          recordsPath: 'data',
          idField: 'id',
          versionField: 'v',
          everyMinutes: 1440,
        },
      },
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    connectorId = made.json.id;
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => wms?.close(resolve));
  });

  const liveAlerts = async () =>
    (
      await sql<{ subject: string; params: Record<string, unknown> }>`
        select subject, params from alerts
        where org_id = ${ORG} and kind = 'reconciliation-difference' and status <> 'resolved'`.execute(
        server.database.db,
      )
    ).rows;
  const runs = async () =>
    (
      await sql<{ source: string; differing: number; missing_here: number; missing_there: number }>`
        select source, differing, missing_here, missing_there from reconciliations
        where connector_id = ${connectorId} order by created_at, id`.execute(server.database.db)
    ).rows;

  it('runs once a day at its time, opens one alert above the threshold and resolves it when a later run is within', async () => {
    const refused = await call(server, 'admin', 'PUT', '/reconciliations/schedules/webhook-nope', {
      json: { at: '06:30', kinds: ['stock'] },
    });
    expect(refused.status).toBe(404);
    const bad = await call(server, 'admin', 'PUT', `/reconciliations/schedules/${connectorId}`, {
      json: { at: '6:30', kinds: ['stock', 'stock'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['at', 'kinds']);
    const set = await call(server, 'admin', 'PUT', `/reconciliations/schedules/${connectorId}`, {
      json: { at: '06:30', kinds: ['stock'], alertAbove: 1 },
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({
      connectorId,
      at: '06:30',
      kinds: ['stock'],
      alertAbove: 1,
      lastRunDay: null,
    });
    expect(
      (
        await call(server, 'sk-sun', 'PUT', `/reconciliations/schedules/${connectorId}`, {
          json: { at: '07:00', kinds: ['stock'] },
        })
      ).status,
    ).toBe(403);

    // Two of theirs differ from ours (SC-2 qty, SC-3 missing there): 2 > alertAbove 1.
    snapshot = [
      { item: 'SC-1', location: 'RM-A01', lot: '', qty: 10 },
      { item: 'SC-2', location: 'RM-A01', lot: '', qty: 4 },
    ];
    const replicas = [createReconciliationWorker(server.deps), createReconciliationWorker(server.deps)];
    server.clock.set('2026-11-26T06:29:00+08:00');
    expect(await replicas[0]!.tick()).toBe(0);
    expect(pulls).toBe(0);
    server.clock.set('2026-11-26T06:31:00+08:00');
    const ticked = await Promise.all([replicas[0]!.tick(), replicas[1]!.tick(), replicas[0]!.tick()]);
    expect(ticked.reduce((a, b) => a + b, 0)).toBe(1);
    expect(pulls).toBe(1);
    expect(await runs()).toMatchObject([{ source: 'schedule', differing: 1, missing_here: 0 }]);
    const opened = await liveAlerts();
    expect(opened).toHaveLength(1);
    expect(opened[0]!.subject).toBe(`${connectorId}:stock`);
    expect(opened[0]!.params).toMatchObject({
      connector: 'WMS 库存',
      kind: 'stock',
      differences: 2,
      threshold: 1,
    });
    const alert = await call(server, 'sk-sun', 'GET', '/alerts?kind=reconciliation-difference');
    expect(alert.json.items[0]).toMatchObject({ severity: 'warning', title: '对账差异：WMS 库存（库存）' });

    // Later the same day: nothing runs again.
    server.clock.set('2026-11-26T23:59:00+08:00');
    expect(await replicas[1]!.tick()).toBe(0);
    expect(pulls).toBe(1);

    // The next day they still differ: the one alert stays (refreshed, not a second one).
    server.clock.set('2026-11-27T07:00:00+08:00');
    expect(await replicas[1]!.tick()).toBe(1);
    expect(await liveAlerts()).toHaveLength(1);

    // The day after, the WMS caught up but for one row (within alertAbove 1): resolved.
    snapshot = [
      { item: 'SC-1', location: 'RM-A01', lot: '', qty: 10 },
      { item: 'SC-2', location: 'RM-A01', lot: '', qty: 5 },
    ];
    server.clock.set('2026-11-28T06:30:00+08:00');
    expect(await replicas[0]!.tick()).toBe(1);
    expect(await liveAlerts()).toHaveLength(0);
    expect((await runs()).map((r) => r.differing + r.missing_here + r.missing_there)).toEqual([2, 2, 1]);
    const events = await sql<{ topic: string }>`
      select topic from outbox_events where org_id = ${ORG} and topic like 'alert.%'
        and payload->>'kind' = 'reconciliation-difference' order by id`.execute(server.database.db);
    expect(events.rows.map((e) => e.topic)).toEqual(['alert.opened', 'alert.resolved']);
  });

  it('compares the stock snapshot records a connector sent in when it offers no pull', async () => {
    const made = await call(server, 'admin', 'POST', '/sync/connectors', {
      json: {
        kind: 'erp',
        name: 'ERP 推送',
        config: {
          adapter: 'generic-json',
          options: { url: 'http://127.0.0.1:9/erp', secret: 'a-secret-of-16-chars-or-more' },
        },
      },
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const id = made.json.id as string;
    const none = await call(server, 'sk-sun', 'POST', `/reconciliations?kind=stock&connectorId=${id}`);
    expect(none.status).toBe(409);
    expect(none.json).toMatchObject({
      type: '/problems/no-snapshot',
      params: { connectorId: id, kind: 'stock' },
    });
    const sent = await call(server, 'admin', 'POST', `/sync/inbound/${id}`, {
      json: {
        records: [
          {
            kind: 'stockSnapshot',
            sourceId: 's1',
            sourceVersion: '1',
            data: { item: 'SC-1', location: 'RM-A01', qty: 10 },
          },
          {
            kind: 'stockSnapshot',
            sourceId: 's2',
            sourceVersion: '1',
            data: { item: 'SC-2', location: 'RM-A01', qty: 7 },
          },
        ],
      },
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.applied).toBe(2);
    const run = await call(server, 'sk-sun', 'POST', `/reconciliations?kind=stock&connectorId=${id}`);
    expect(run.status, JSON.stringify(run.json)).toBe(201);
    expect(run.json).toMatchObject({ source: 'connector', connectorId: id });
    expect(run.json.totals).toMatchObject({ matched: 1, differing: 1, missingHere: 0 });
  });

  it('pulls through the connector on demand, and keeps a failed pull as a failed run', async () => {
    const pulled = await call(
      server,
      'sk-sun',
      'POST',
      `/reconciliations?kind=stock&connectorId=${connectorId}`,
    );
    expect(pulled.status, JSON.stringify(pulled.json)).toBe(201);
    expect(pulled.json).toMatchObject({
      source: 'connector',
      connectorId,
      totals: { differing: 0, missingThere: 1 },
    });
    const noWorkOrders = await call(
      server,
      'pl-zhou',
      'POST',
      `/reconciliations?kind=workOrders&connectorId=${connectorId}`,
    );
    expect(noWorkOrders.status).toBe(409);
    expect(noWorkOrders.json.type).toBe('/problems/no-snapshot');

    wms.closeAllConnections();
    await new Promise((resolve) => wms.close(resolve));
    server.clock.set('2026-11-29T06:40:00+08:00');
    expect(await createReconciliationWorker(server.deps).tick()).toBe(1);
    const last = (
      await sql<{ status: string; error: string | null }>`
        select status, error from reconciliations where connector_id = ${connectorId}
        order by created_at desc, id desc limit 1`.execute(server.database.db)
    ).rows[0]!;
    expect(last.status).toBe('failed');
    expect(last.error).toContain('WMS 库存');
    const history = await call(
      server,
      'sk-sun',
      'GET',
      `/reconciliations?connectorId=${connectorId}&limit=1`,
    );
    expect(history.json.items[0]).toMatchObject({ status: 'failed', source: 'schedule' });

    const removed = await call(server, 'admin', 'DELETE', `/reconciliations/schedules/${connectorId}`);
    expect(removed.status).toBe(200);
    expect((await call(server, 'sk-sun', 'GET', '/reconciliations/schedules')).json.items).toEqual([]);
  });
});
