// Runs the BUILT server (packages/server/dist/main.js) twice, as two real processes: run `pnpm build` first.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { planDueAt } from '../src/modules/counts/week.js';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import {
  type Answer,
  countLoop,
  DEMO_REPORT_OPERATIONS,
  emptyMixRecord,
  type MixContext,
  REPLICAS_PACE,
  reportLoop,
  requestLoop,
  sendJson,
  transferLoop,
} from './load-mix.js';
import { type RoundRobinProxy, startRoundRobinProxy } from './replicas-proxy.js';

/**
 * Two server processes on one PostgreSQL schema, every background worker on in both, behind a
 * round-robin proxy (docs/deployment.md). A mixed load sends reports, approvals, transfers and
 * counts through the proxy — some twice through different replicas, some at both at once — while
 * the sync worker delivers to a real HTTP receiver and the alert-rules worker mails a real SMTP
 * server. Then: nothing happened twice, and the ledger equals the balances.
 */
const MAIN = resolve(fileURLToPath(new URL('.', import.meta.url)), '../dist/main.js');
const PG_URL = process.env.SHOPFLOOR_TEST_PG_URL;
/** How long the mixed load runs (the whole file stays under ~90 s on 2 cores). */
const LOAD_MS = Number(process.env.SHOPFLOOR_REPLICAS_LOAD_MS ?? 30_000);
const ORG = 'demo';
/**
 * By hand, through a pooler: the replicas connect to SHOPFLOOR_REPLICAS_DATABASE_URL (PgBouncer in
 * transaction mode, with DATABASE_PREPARE=off) whose pool sets the search_path to
 * SHOPFLOOR_REPLICAS_SCHEMA; the test itself reads the same schema directly. See docs/deployment.md.
 */
const POOLER_URL = process.env.SHOPFLOOR_REPLICAS_DATABASE_URL;

if (!PG_URL) {
  console.warn(
    '[replicas] skipped: replicas share a PostgreSQL server, and SHOPFLOOR_TEST_PG_URL is not set.',
  );
}

interface Replica {
  child: ChildProcess;
  url: string;
  /** Its standard error and output (pino logs to standard output). */
  logs: () => string;
  exited: Promise<number | null>;
}

/** Starts dist/main.js (demo mode, workers on) and resolves once its banner names the API. */
async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', SHOPFLOOR_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    const found = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out);
    if (found) return { child, url: found[1]!, logs: () => err + out, exited };
    if (gone) throw new Error(`a replica exited before it served:\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopReplica(replica: Replica): Promise<number | null> {
  if (replica.child.exitCode === null) replica.child.kill('SIGTERM');
  return replica.exited;
}

/** A webhook receiver that counts the deliveries it accepted per event id and refuses some first tries. */
function startReceiver() {
  const accepted = new Map<string, number>();
  const refused = new Set<string>();
  const server: Server = createServer((req, res) => {
    const id = String(req.headers['x-shopfloor-event-id'] ?? '');
    req.resume();
    req.on('end', () => {
      // Every 40th event fails its first try: the retry may come from the other replica. (A failure
      // holds the rest of the connector's batch until the back-off ends, so more would only slow the drain.)
      if (Number(id) % 40 === 0 && !refused.has(id)) {
        refused.add(id);
        res.writeHead(503).end();
        return;
      }
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return { server, accepted, refused };
}

describe.skipIf(!PG_URL)('two replicas on one PostgreSQL behind a round-robin proxy', () => {
  const schema =
    process.env.SHOPFLOOR_REPLICAS_SCHEMA ?? `rep_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const databaseUrl =
    POOLER_URL ??
    `${PG_URL}${PG_URL?.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  let db: DatabaseHandle;
  let replicas: Replica[] = [];
  let proxy: RoundRobinProxy;
  let backupDir: string;
  const receiver = startReceiver();
  let receiverUrl: string;
  let smtp: SMTPServer;
  const mails: { to: string[] }[] = [];
  const tokens = new Map<string, string>();
  /** The answers of POST /cycle-counts/plans sent to both replicas at once, when the weekly job was not due. */
  let planMadeByRoute: number[] = [];
  let startedAt: Date;
  let exitCodes: (number | null)[] = [];

  /** One HTTP call, through the proxy unless a replica is named; `key` is its Idempotency-Key. */
  async function call(
    userId: string,
    method: string,
    path: string,
    body?: unknown,
    options: { key?: string; via?: number } = {},
  ): Promise<Answer> {
    const base = options.via === undefined ? proxy.url : replicas[options.via]!.url;
    const res = await sendJson(base, tokens.get(userId), method, path, body, options.key);
    return { status: res.status, json: res.json, replica: res.headers.get('x-replica') };
  }

  beforeAll(async () => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: this test runs the built server, run \`pnpm build\` first`);
    }
    db = await openDatabase({ url: PG_URL!, schema, poolSize: 2 });
    backupDir = mkdtempSync(join(tmpdir(), 'shopfloor-replicas-'));
    await new Promise<void>((r) => receiver.server.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, done) {
        stream.resume();
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address) });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const env = {
      SHOPFLOOR_DEMO: 'on',
      DATABASE_URL: databaseUrl,
      // Small pools: other test files share the PostgreSQL server's 100 connections.
      DATABASE_POOL_SIZE: '6',
      // pg_dump through a transaction-mode pooler would leave its empty search_path on pooled server
      // connections (docs/deployment.md): backups go straight to PostgreSQL, so not in the pooler run.
      ...(POOLER_URL ? {} : { SHOPFLOOR_BACKUP_DIR: backupDir }),
      SHOPFLOOR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // A transaction-mode pooler hands each transaction another server connection: no named statements.
      ...(POOLER_URL ? { DATABASE_PREPARE: 'off' } : {}),
    };
    // Both start at once on the empty schema: migrations and the demo seed take turns (advisory locks).
    const startedAt = new Date();
    replicas = await Promise.all([startReplica(env), startReplica(env)]);
    proxy = await startRoundRobinProxy(replicas.map((r) => r.url));
    for (const user of [
      'demo-operator-2',
      'demo-operator-3',
      'demo-approver',
      'demo-storekeeper',
      'demo-planner',
      'demo-admin',
    ]) {
      const res = await fetch(`${proxy.url}/api/v1/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: user }),
      });
      const session = (await res.json()) as { token: string };
      expect(res.status, JSON.stringify(session)).toBe(200);
      tokens.set(user, session.token);
    }
    // The weekly count plan is due from Monday 06:00 Asia/Shanghai: before that in the week no job
    // makes one, so the one-plan-a-week rule is asked of the route, on both replicas at once.
    if (startedAt < planDueAt(startedAt)) {
      planMadeByRoute = await Promise.all(
        replicas.map((r) =>
          fetch(`${r.url}/api/v1/cycle-counts/plans`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${tokens.get('demo-planner')}`,
              'content-type': 'application/json',
            },
            body: '{}',
          }).then((res) => res.status),
        ),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await proxy?.close();
    await new Promise<void>((r) => receiver.server.close(() => r()));
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    if (db && !process.env.SHOPFLOOR_REPLICAS_KEEP) {
      await db.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await db.close();
    }
    if (backupDir) rmSync(backupDir, { recursive: true, force: true });
  });

  // What the load saw, for the assertions below.
  const record = emptyMixRecord();
  const { reports, transfers, approvals, counts } = record;
  const seen = { ...record.seen, proxied: [0, 0] };

  it(
    'takes a mixed load through both replicas with every worker on in both',
    async () => {
      startedAt = new Date();
      const hook = await call('demo-admin', 'POST', '/sync/connectors', {
        kind: 'webhook',
        name: '双副本测试 webhook',
        config: { url: receiverUrl, secret: 'replica-secret-0123456789' },
      });
      expect(hook.status).toBe(201);
      for (const user of ['demo-admin', 'demo-planner']) {
        const set = await call('demo-admin', 'PUT', `/users/${user}`, { email: `${user}@plant.example` });
        expect(set.status).toBe(200);
      }
      const rule = await call('demo-admin', 'POST', '/alert-rules', {
        name: '双副本测试：所有预警发邮件',
        active: true,
        kinds: [],
        minSeverity: 'info',
        workshops: [],
        warehouses: [],
        recipients: { users: ['demo-admin', 'demo-planner'], roles: [] },
        channels: ['email'],
        escalation: [],
      });
      expect(rule.status, JSON.stringify(rule.json)).toBe(201);

      const until = Date.now() + LOAD_MS;
      let failed = false;
      const running = () => !failed && Date.now() < until;
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

      const ctx: MixContext = {
        call,
        running,
        pace: REPLICAS_PACE,
        operations: DEMO_REPORT_OPERATIONS,
        // A blind count does not tell the counter the book: the test reads it from the balances.
        book: async (item, location) => {
          const balance = await sql<{ qty: string }>`
            select coalesce(sum(qty), 0) as qty from stock_balances
            where org_id = ${ORG} and item = ${item} and location = ${location}`.execute(db.db);
          return Number(balance.rows[0]!.qty);
        },
      };

      // The first failing loop stops the others, so what they saw stays whole.
      const loop = (p: Promise<void>) =>
        p.catch((err: unknown) => {
          failed = true;
          throw err;
        });
      await Promise.all(
        [
          reportLoop(ctx, record, 'demo-operator-2', 0),
          reportLoop(ctx, record, 'demo-operator-3', 1),
          requestLoop(ctx, record),
          transferLoop(ctx, record),
          countLoop(ctx, record),
        ].map(loop),
      );
      Object.assign(seen, record.seen, { proxied: [...proxy.served] });
      console.info('[replicas] load:', JSON.stringify(seen));
      expect(reports.size).toBeGreaterThan(10);
      expect(approvals.size).toBeGreaterThan(5);
      expect(transfers.size).toBeGreaterThan(5);
      expect(counts.size).toBeGreaterThan(2);
      // The proxy really alternated: each replica served at least a third of the proxied calls.
      for (const n of proxy.served) expect(n).toBeGreaterThan((proxy.served[0]! + proxy.served[1]!) / 3);

      // Let the workers drain the outbox and the alert mails, then stop both replicas as a deploy does.
      const drainStart = Date.now();
      const drainUntil = drainStart + 40_000;
      for (;;) {
        const left = await sql<{ deliveries: number; notifications: number }>`
          select (select count(*) from sync_deliveries where delivered_at is null)::int as deliveries,
                 (select count(*) from alert_notifications where state in ('queued')
                    and next_attempt_at < now() + interval '5 seconds')::int as notifications`.execute(db.db);
        const row = left.rows[0]!;
        if ((row.deliveries === 0 && row.notifications === 0) || Date.now() > drainUntil) break;
        await pause(500);
      }
      console.info(`[replicas] drained in ${((Date.now() - drainStart) / 1000).toFixed(1)} s`);
      exitCodes = await Promise.all(replicas.map(stopReplica));
    },
    LOAD_MS + 75_000,
  );

  it('stopped both replicas cleanly, with no worker tick failing on the other one', () => {
    expect(exitCodes).toEqual([0, 0]);
    for (const replica of replicas) expect(replica.logs()).not.toMatch(/worker tick failed|deadlock/);
  });

  it('wrote each operation report once, whichever replica or replicas its key reached', async () => {
    for (const ids of reports.values()) expect(ids.size).toBe(1);
    const rows = await sql<{ id: string }>`
      select id from operation_reports where org_id = ${ORG} and created_at >= ${startedAt}`.execute(db.db);
    expect(rows.rows.map((r) => r.id).sort()).toEqual([...reports.values()].map((ids) => [...ids][0]).sort());
  });

  it('approved each issue request once and moved its stock once', async () => {
    for (const [id, { keyed, answers }] of approvals) {
      const statuses = answers.map((a) => a.status).sort();
      if (keyed && statuses[1] === 200) {
        // One key through both: the later one got the stored answer of the first.
        expect(answers[0]!.json, id).toEqual(answers[1]!.json);
      } else {
        // In flight elsewhere (same key) or already decided (no key): 409.
        expect(statuses, id).toEqual([200, 409]);
      }
    }
    const moved = await sql<{ source_id: string; n: number }>`
      select source_id, count(*)::int as n from stock_movements
      where org_id = ${ORG} and source_type = 'issue-request' and at >= ${startedAt}
      group by source_id`.execute(db.db);
    expect(Object.fromEntries(moved.rows.map((r) => [r.source_id, r.n]))).toEqual(
      Object.fromEntries([...approvals.keys()].map((id) => [id, 1])),
    );
  });

  it('posted each transfer once per key and moved each of them out and in once', async () => {
    for (const ids of transfers.values()) expect(ids.size).toBeLessThanOrEqual(1);
    const made = [...transfers.values()].flatMap((ids) => [...ids]);
    const rows = await sql<{ id: string; moves: number }>`
      select t.id, (select count(*)::int from stock_movements m
                    where m.org_id = t.org_id and m.source_type = 'transfer' and m.source_id = t.id::text) as moves
      from transfers t where t.org_id = ${ORG} and t.created_at >= ${startedAt}`.execute(db.db);
    expect(rows.rows.map((r) => r.id).sort()).toEqual(made.sort());
    for (const row of rows.rows) expect(row.moves, row.id).toBe(2);
  });

  it('decided each count once and adjusted the ledger at most once per count', async () => {
    for (const statuses of counts.values())
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    const twice = await sql`
      select source_id, count(*) from stock_movements
      where org_id = ${ORG} and source_type = 'cycle-count' and at >= ${startedAt}
      group by source_id, item, location, lot having count(*) > 1`.execute(db.db);
    expect(twice.rows).toEqual([]);
  });

  it('keeps the ledger equal to the balances', async () => {
    expect(await ledgerDiscrepancies(db.db, ORG)).toEqual([]);
  });

  it('delivered every outbox event to the webhook exactly once, retries included', async () => {
    const connector = await sql<{ id: string }>`
      select id from sync_connectors where name = '双副本测试 webhook'`.execute(db.db);
    const delivered = await sql<{ event_id: number; delivered: boolean }>`
      select event_id, delivered_at is not null as delivered from sync_deliveries
      where connector_id = ${connector.rows[0]!.id}`.execute(db.db);
    expect(delivered.rows.length).toBeGreaterThan(50);
    expect(delivered.rows.filter((r) => !r.delivered)).toEqual([]);
    const twice = [...receiver.accepted].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect([...receiver.accepted.keys()].map(Number).sort((a, b) => a - b)).toEqual(
      delivered.rows.map((r) => Number(r.event_id)).sort((a, b) => a - b),
    );
    expect(receiver.refused.size).toBeGreaterThan(0);
    console.info(
      `[replicas] webhook: ${receiver.accepted.size} events delivered once each, ${receiver.refused.size} refused once and redelivered`,
    );
  });

  it('raised no alert twice: never two live for one kind and subject, one alert.opened event each', async () => {
    const overlapping = await sql`
      select a.kind, a.subject from alerts a join alerts b
        on b.org_id = a.org_id and b.kind = a.kind and b.subject = a.subject and b.id <> a.id
       and b.opened_at >= a.opened_at and (a.resolved_at is null or a.resolved_at > b.opened_at)`.execute(
      db.db,
    );
    expect(overlapping.rows).toEqual([]);
    const events = await sql<{ alerts: number; events: number; distinct: number }>`
      select (select count(*)::int from alerts) as alerts,
             count(*)::int as events, count(distinct payload->>'id')::int as distinct
      from outbox_events where topic = 'alert.opened'`.execute(db.db);
    expect(events.rows[0]!.events).toBe(events.rows[0]!.distinct);
    expect(events.rows[0]!.events).toBe(events.rows[0]!.alerts);
    // The load moved alerts on both replicas: late operations finished or fell late, stock ran low.
    const moved = await sql<{ opened: number; resolved: number }>`
      select count(*) filter (where opened_at >= ${startedAt})::int as opened,
             count(*) filter (where resolved_at >= ${startedAt})::int as resolved from alerts`.execute(db.db);
    expect(moved.rows[0]!.opened + moved.rows[0]!.resolved).toBeGreaterThan(0);
    console.info(`[replicas] alerts during the load: ${JSON.stringify(moved.rows[0])}`);
  });

  it('mailed each alert notification once: the SMTP server got exactly the messages the database recorded', async () => {
    const sent = await sql<{ messages: number; alerts: number }>`
      select count(*)::int as messages, coalesce(sum(alerts), 0)::int as alerts
      from alert_messages where channel = 'email' and state = 'sent'`.execute(db.db);
    const notified = await sql<{ rows: number; distinct: number }>`
      select count(*)::int as rows, count(distinct (alert_id, level, user_id))::int as distinct
      from alert_notifications where channel = 'email' and state = 'sent'`.execute(db.db);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.length).toBe(sent.rows[0]!.messages);
    expect(notified.rows[0]!.rows).toBe(notified.rows[0]!.distinct);
    expect(notified.rows[0]!.rows).toBe(sent.rows[0]!.alerts);
    console.info(
      `[replicas] e-mail: ${mails.length} messages carrying ${notified.rows[0]!.rows} alert notifications`,
    );
  });

  it('ran the once-only jobs once: daily backup, weekly count plan, default alert rule', async () => {
    const backups = await sql<{
      n: number;
    }>`select count(*)::int as n from backups where reason = 'daily'`.execute(db.db);
    expect(backups.rows[0]!.n).toBe(POOLER_URL ? 0 : 1);
    // Started on a Monday before 06:00 (Asia/Shanghai), the weekly job rightly made no plan: the
    // one-plan-a-week rule was asked of the route instead, on both replicas at once (beforeAll).
    if (planMadeByRoute.length > 0) {
      expect(planMadeByRoute.filter((status) => status < 300)).toHaveLength(1);
      expect(planMadeByRoute.filter((status) => status === 409)).toHaveLength(1);
    }
    const plans = await sql<{ week: string; n: number }>`
      select week::text, count(*)::int as n from count_plans group by week`.execute(db.db);
    // Otherwise the plan was due: both replicas' jobs tried, one made it.
    expect(plans.rows.length).toBeGreaterThan(0);
    for (const p of plans.rows) expect(p.n).toBe(1);
    const defaults = await sql<{ n: number }>`
      select count(*)::int as n from alert_rules where name = '工序逾期通知负责人和车间主管'`.execute(db.db);
    expect(defaults.rows[0]!.n).toBe(1);
    const migrations = await sql<{ n: number; distinct: number }>`
      select count(*)::int as n, count(distinct version)::int as distinct from schema_migrations`.execute(
      db.db,
    );
    expect(migrations.rows[0]!.n).toBe(migrations.rows[0]!.distinct);
    // The replicas started together on the empty schema: one seeded the demo, the other found it seeded.
    const banners = replicas.map((r) => /seeded now: (\d+) items|already seeded/.exec(r.logs()));
    const seeders = banners.filter((b) => b?.[1] !== undefined);
    expect(seeders).toHaveLength(1);
    expect(banners.filter((b) => b?.[0] === 'already seeded')).toHaveLength(1);
    const items = await sql<{
      n: number;
    }>`select count(*)::int as n from items where org_id = ${ORG}`.execute(db.db);
    expect(items.rows[0]!.n).toBe(Number(seeders[0]![1]));
  });
});
