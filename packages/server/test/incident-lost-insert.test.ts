import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, createMemoryStorage, createOutbox, type Outbox } from '@shopfloor/sdk';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { type RunningServer, startServer } from '../src/server.js';
import { releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The article's incident, end to end on PostgreSQL: the server connects as an ordinary
 * (non-superuser) role; operators' phones stream reports through the SDK outbox; INSERT on
 * operation_reports is revoked for 20 s, then granted back.
 *
 *   - /health says degraded within 10 s of the REVOKE (it used to answer ok: its write probe only
 *     touches `settings`), and ok within 10 s of the GRANT;
 *   - exactly one alert reaches the webhook robot (a real local HTTP server) for the incident, and
 *     one more when it clears — sent from memory, not from the database's outbox;
 *   - the phones keep the refused reports in their outbox; after the GRANT the backlog drains
 *     within 60 s and every report is stored exactly once.
 */

const PG_URL = process.env.SHOPFLOOR_TEST_PG_URL;
const PHONES = 4;
const REPORT_EVERY_MS = 60;
const REVOKE_AFTER_MS = 3_000;
const REVOKED_FOR_MS = 20_000;
const STREAM_FOR_MS = REVOKE_AFTER_MS + REVOKED_FOR_MS + 3_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface RobotCall {
  topic: string;
  aggregateType: string;
  payload: { status?: string; message?: string };
  at: number;
}

/** A webhook robot: records every call. */
async function startRobot(): Promise<{ url: string; calls: RobotCall[]; server: Server }> {
  const calls: RobotCall[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const event = JSON.parse(body);
      calls.push({
        topic: event.topic,
        aggregateType: event.aggregate.type,
        payload: event.payload,
        at: Date.now(),
      });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot`, calls, server };
}

describe.skipIf(!PG_URL)('the lost-INSERT incident on PostgreSQL, with a non-superuser role', () => {
  let owner: TestServer;
  let app: RunningServer;
  let appDb: Kysely<Database>;
  let robot: Awaited<ReturnType<typeof startRobot>>;
  let role: string;
  let schema: string;

  beforeAll(async () => {
    owner = await startTestServer({ backend: 'postgres', seed: seedProduction });
    const admin = owner.database.db;
    schema = (await sql<{ s: string }>`select current_schema() as s`.execute(admin)).rows[0]!.s;
    role = `app_${randomUUID().slice(0, 8)}`;
    // What the application role needs, and nothing more: no superuser, no ownership of the tables.
    await sql.raw(`create role ${role} login nosuperuser`).execute(admin);
    await sql.raw(`grant usage, create on schema "${schema}" to ${role}`).execute(admin);
    await sql
      .raw(`grant select, insert, update, delete on all tables in schema "${schema}" to ${role}`)
      .execute(admin);
    await sql.raw(`grant usage on all sequences in schema "${schema}" to ${role}`).execute(admin);
    robot = await startRobot();
    await admin
      .insertInto('sync_connectors')
      .values({
        id: randomUUID(),
        org_id: owner.deps.config.orgId,
        kind: 'webhook',
        name: '值班机器人',
        config: JSON.stringify({ url: robot.url, secret: 'robot-secret-16-chars', timeoutMs: 2_000 }),
        topics: ['alert.opened'],
      })
      .execute();
    const url = new URL(PG_URL!);
    url.username = role;
    url.password = '';
    const pool = new pg.Pool({
      connectionString: url.toString(),
      max: 10,
      options: `-c search_path="${schema}"`,
    });
    pool.on('error', () => undefined);
    appDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const config = {
      ...loadConfig({ PORT: '0', SHOPFLOOR_DEMO: 'on', SHOPFLOOR_LOG_LEVEL: 'silent' }),
      validateResponses: true,
    };
    // The background workers run as in production: the health monitor among them, every 2 s.
    app = await startServer(config, {
      database: {
        db: appDb,
        kind: 'postgres',
        location: `postgres://${role}@…`,
        close: () => appDb.destroy(),
      },
      logger: pino({ level: 'silent' }),
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    robot?.server.close();
    if (owner && role) {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role}`.execute(
        owner.database.db,
      );
      await sql.raw(`drop owned by ${role}`).execute(owner.database.db);
      await sql.raw(`drop role ${role}`).execute(owner.database.db);
    }
    await owner?.close();
  });

  it('degrades /health within 10 s, alerts once, keeps reports in the outbox, and stores each exactly once after the GRANT', async () => {
    const admin = owner.database.db;
    const planner = createClient({
      baseUrl: app.url,
      token: (await createClient({ baseUrl: app.url }).auth.devLogin({ userId: 'pl-zhou' })).token,
    });
    const operatorToken = (await createClient({ baseUrl: app.url }).auth.devLogin({ userId: 'op-li' })).token;
    const phones: { outbox: Outbox; workOrder: string; keys: string[] }[] = [];
    for (let i = 0; i < PHONES; i++) {
      const wo = await releasedWorkOrder(planner, { item: 'TABLE', qty: 100_000 });
      const client = createClient({ baseUrl: app.url, token: operatorToken, retry: { limit: 0 } });
      const outbox = createOutbox({
        client,
        storage: createMemoryStorage(),
        backoff: { baseMs: 250, maxMs: 2_000 },
        concurrency: 2,
      });
      phones.push({ outbox, workOrder: wo.no, keys: [] });
    }

    const timeline = { revokedAt: 0, grantedAt: 0, degradedAt: 0, okAgainAt: 0, drainedAt: 0 };
    let maxPendingWhileRevoked = 0;
    let refusedWhileRevoked = 0;
    const started = Date.now();
    let streaming = true;

    const stream = Promise.all(
      phones.map(async (phone) => {
        while (streaming) {
          const entry = await phone.outbox.enqueue({
            kind: 'operation-report',
            method: 'POST',
            path: `/work-orders/${phone.workOrder}/operations/10/reports`,
            body: report(1),
            orderKey: phone.workOrder,
          });
          phone.keys.push(entry.idempotencyKey);
          await sleep(REPORT_EVERY_MS);
        }
      }),
    );
    const flushing = Promise.all(
      phones.map(async (phone) => {
        while (streaming || phone.outbox.getState().pending > 0) {
          const result = await phone.outbox.flush();
          if (timeline.revokedAt && !timeline.grantedAt) refusedWhileRevoked += result.retried;
          expect(phone.outbox.getState().deadLetters).toEqual([]);
          if (Date.now() - started > STREAM_FOR_MS + 90_000) throw new Error('the backlog never drained');
          await sleep(100);
        }
      }),
    );
    const watching = (async () => {
      while (streaming || !timeline.drainedAt) {
        const res = await fetch(`${app.url}/api/v1/health`);
        const body = (await res.json()) as { status: string };
        const now = Date.now();
        if (timeline.revokedAt && !timeline.grantedAt) {
          if (body.status === 'degraded' && !timeline.degradedAt) timeline.degradedAt = now;
          const pending = phones.reduce((n, p) => n + p.outbox.getState().pending, 0);
          maxPendingWhileRevoked = Math.max(maxPendingWhileRevoked, pending);
        }
        if (timeline.grantedAt && body.status === 'ok' && !timeline.okAgainAt) timeline.okAgainAt = now;
        if (!streaming && phones.every((p) => p.outbox.getState().pending === 0) && !timeline.drainedAt) {
          timeline.drainedAt = now;
        }
        await sleep(250);
      }
    })();

    await sleep(REVOKE_AFTER_MS);
    await sql.raw(`revoke insert on operation_reports from ${role}`).execute(admin);
    timeline.revokedAt = Date.now();
    await sleep(REVOKED_FOR_MS);
    await sql.raw(`grant insert on operation_reports to ${role}`).execute(admin);
    timeline.grantedAt = Date.now();
    await sleep(STREAM_FOR_MS - REVOKE_AFTER_MS - REVOKED_FOR_MS);
    streaming = false;
    await stream;
    await flushing;
    await watching;
    // The monitor ticks every 2 s: give it the time to see the recovery and say so.
    await expect
      .poll(() => robot.calls.filter((c) => c.aggregateType === 'health').length, { timeout: 10_000 })
      .toBe(2);

    const summary = {
      reports: phones.reduce((n, p) => n + p.keys.length, 0),
      refusedWhileRevoked,
      maxPendingWhileRevoked,
      degradedAfterMs: timeline.degradedAt - timeline.revokedAt,
      okAfterGrantMs: timeline.okAgainAt - timeline.grantedAt,
      drainedAfterGrantMs: timeline.drainedAt - timeline.grantedAt,
      robot: robot.calls
        .filter((c) => c.aggregateType === 'health')
        .map((c) => `${c.topic} +${c.at - timeline.revokedAt} ms`),
    };
    console.info('[incident]', JSON.stringify(summary));

    expect(timeline.degradedAt, 'degraded seen while revoked').toBeGreaterThan(0);
    expect(summary.degradedAfterMs).toBeLessThanOrEqual(10_000);
    expect(timeline.okAgainAt).toBeGreaterThan(0);
    expect(summary.okAfterGrantMs).toBeLessThanOrEqual(10_000);
    expect(refusedWhileRevoked).toBeGreaterThan(0);
    expect(maxPendingWhileRevoked).toBeGreaterThan(10);
    expect(summary.drainedAfterGrantMs).toBeLessThanOrEqual(60_000);

    const health = robot.calls.filter((c) => c.aggregateType === 'health');
    expect(health.map((c) => c.topic)).toEqual(['alert.opened', 'alert.resolved']);
    expect(health[0]!.at).toBeGreaterThan(timeline.revokedAt);
    expect(health[0]!.at).toBeLessThan(timeline.grantedAt);
    expect(health[0]!.payload.message).toContain('operation_reports');
    expect(health[0]!.payload.message).toContain('降级');
    expect(health[1]!.at).toBeGreaterThan(timeline.grantedAt);

    // Every report stored exactly once: as many rows as reports captured, every key answered once.
    const keys = phones.flatMap((p) => p.keys);
    expect(new Set(keys).size).toBe(keys.length);
    const stored = await admin
      .selectFrom('operation_reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(
        'work_order_no',
        'in',
        phones.map((p) => p.workOrder),
      )
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(keys.length);
    const answered = await admin
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', 'in', keys)
      .execute();
    expect(answered.length).toBe(keys.length);
  }, 180_000);
});
