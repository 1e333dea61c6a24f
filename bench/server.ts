/**
 * Section "server": HTTP throughput of the real server (packages/server, built) under autocannon,
 * on embedded PGlite and on PostgreSQL when one answers.
 *
 * - The server runs in a child process (bench/server-child.ts) and autocannon in this one, so the
 *   load generator never takes the server's event loop: one core each on a 2-core machine (on
 *   PostgreSQL the database's backends share those cores too).
 * - Before the measured run a planner creates and releases work orders of the demo's products
 *   through the API; an operator of the cutting workshop (dev-login) then reports 1 good piece per
 *   request on their first operation, round-robin, each request a distinct body with its own
 *   Idempotency-Key. The run is sized from the warm-up's rate to last about RUN_SECONDS and uses
 *   autocannon's `amount`, so every request sent is answered before the counts are compared:
 *   reports stored = 2xx answers = idempotency keys written.
 * - `GET /boms/{code}/explosion` on the demo BOM with the most tree rows (picked with the engine).
 *
 * Knobs for profiling (none needed for `pnpm bench`): SHOPFLOOR_BENCH_BACKENDS=pglite|postgres
 * runs one backend; SHOPFLOOR_BENCH_PROFILE=<dir> writes the server's CPU profile of each
 * measured report run there (.cpuprofile, open in Chrome DevTools); SHOPFLOOR_BENCH_SERVER_NODE_ARGS
 * adds node flags to the server process; SHOPFLOOR_BENCH_PG_POOL overrides the server's
 * DATABASE_POOL_SIZE; SHOPFLOOR_BENCH_WORKERS=off starts the server without background workers;
 * SHOPFLOOR_BENCH_PG_URL points at another PostgreSQL.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type * as ServerApi from '../packages/server/src/index.js';
import { BENCH_PG_URL, probePostgres, shownPgUrl } from './backends.js';
import { EngineUnavailableError, loadBuiltEngine } from './engine.js';
import {
  type BenchSection,
  formatCount,
  formatMs,
  type GoalCheck,
  mark,
  type SectionReport,
  table,
} from './report.js';
import type { ChildCounts, ChildMessage, ChildOptions, ChildRequest } from './server-child.js';

export const SERVER_GOALS = { pgliteReportsPerSecond: 1_000, postgresReportsPerSecond: 3_000, p99Ms: 50 };

export const CONNECTIONS = 50;
const RUN_SECONDS = 10;
const WARMUP_REQUESTS = 4_000;
const EXPLOSION_SECONDS = 5;
/** Work orders the planner creates for the run, and the pieces each one is for. */
const WORK_ORDERS = 200;
const WORK_ORDER_QTY = 2_000;
/** PostgreSQL connections of the server under test. */
/** PostgreSQL connections of the server under test: its DATABASE_POOL_SIZE default unless set here. */
const PG_POOL_SIZE = process.env.SHOPFLOOR_BENCH_PG_POOL
  ? Number(process.env.SHOPFLOOR_BENCH_PG_POOL)
  : undefined;
const PG_URL = BENCH_PG_URL;
/** Profiling hooks: extra node flags for the server process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`), and which backends run. */
const CHILD_NODE_ARGS = (process.env.SHOPFLOOR_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const BACKENDS = (process.env.SHOPFLOOR_BENCH_BACKENDS ?? 'pglite,postgres').split(',');
/** A folder: the server's CPU profile of each measured report run is written there. */
const PROFILE_DIR = process.env.SHOPFLOOR_BENCH_PROFILE;
const API = '/api/v1';

const SERVER_DIST = new URL('../packages/server/dist/index.js', import.meta.url);
const CHILD = new URL('./server-child.ts', import.meta.url);

type Backend = ChildOptions['backend'];
type Log = (message: string) => void;

// ---------------------------------------------------------------------------------------------
// autocannon (CommonJS, no bundled types): the part of its API used here.

export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface CannonOptions {
  url: string;
  connections: number;
  amount?: number;
  duration?: number;
  timeout?: number;
  headers?: Record<string, string>;
  requests?: Array<CannonRequest & { setupRequest?: (req: CannonRequest) => CannonRequest }>;
}
interface CannonHistogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
interface CannonResult {
  latency: CannonHistogram;
  requests: CannonHistogram & { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}
interface CannonInstance {
  on(event: 'response', listener: (client: unknown, status: number) => void): void;
}
type Autocannon = (
  options: CannonOptions,
  done: (err: Error | null, result: CannonResult) => void,
) => CannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: string;
  /** From the first request sent to the last answer received. */
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function cannon(options: CannonOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon({ timeout: 30, ...options }, (err, r) => {
      if (err) return reject(err);
      const seconds = options.amount ? (last - started) / 1000 : r.duration;
      const ok = r['2xx'];
      resolve({
        ok,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        statuses: Object.entries(r.statusCodeStats)
          .map(([code, s]) => `${code} × ${s.count}`)
          .join(', '),
        seconds,
        perSecond: ok / seconds,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
      });
    });
    instance.on('response', () => {
      last = performance.now();
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The server in its child process.

export interface Child {
  url: string;
  /** The server process, for its CPU time in /proc. */
  pid: number;
  seeded: string;
  count(workOrders: string[], seq: number): Promise<ChildCounts>;
  profile(action: 'start' | 'stop', file?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startChild(options: ChildOptions, log: Log): Promise<Child> {
  const child: ChildProcess = fork(fileURLToPath(CHILD), [], {
    execArgv: ['--import', 'tsx', ...CHILD_NODE_ARGS],
    env: { ...process.env, SHOPFLOOR_BENCH_CHILD: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let waiting: { resolve: (m: ChildMessage) => void; reject: (e: Error) => void } | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message: ChildMessage) => {
    const w = waiting;
    waiting = null;
    if (message.type === 'error') w?.reject(new Error(`server process: ${message.message}`));
    else w?.resolve(message);
  });
  child.once('exit', (code) => {
    waiting?.reject(new Error(`server process exited with code ${code}`));
    waiting = null;
  });
  const next = (request?: ChildRequest, timeoutMs = 120_000) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server process did not answer in time')), timeoutMs);
      waiting = {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      if (request) child.send(request);
    });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };

  const started = performance.now();
  let ready: ChildMessage;
  try {
    ready = await next();
  } catch (error) {
    await kill();
    throw error;
  }
  if (ready.type !== 'ready') {
    await kill();
    throw new Error(`server process answered ${ready.type} instead of ready`);
  }
  log(
    `server: ${options.backend} up in ${((performance.now() - started) / 1000).toFixed(1)} s at ${ready.url}`,
  );
  return {
    url: ready.url,
    pid: child.pid!,
    seeded: ready.seeded
      ? `${ready.items} items, ${ready.workOrders} work orders`
      : 'the demo factory was already there',
    async count(workOrders, seq) {
      const answer = await next({ type: 'count', workOrders, seq });
      if (answer.type !== 'count') throw new Error(`server process answered ${answer.type} to count`);
      return answer;
    },
    async profile(action, file) {
      const request: ChildRequest =
        action === 'start' ? { type: 'profile', action } : { type: 'profile', action, file: file! };
      const answer = await next(request);
      if (answer.type !== 'profiled') throw new Error(`server process answered ${answer.type} to profile`);
    },
    async close() {
      try {
        await next({ type: 'close' }, 30_000);
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      } finally {
        await kill();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Setup through the API, as the people of the demo plant would do it.

async function call<T>(
  url: string,
  path: string,
  init: { token?: string; body?: unknown; key?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.key) headers['idempotency-key'] = init.key;
  const res = await fetch(`${url}${API}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface WorkOrderView {
  no: string;
  item: string;
  status: string;
  operations: Array<{ seq: number; workshop: string }>;
}

export const signIn = async (url: string, userId: string) =>
  (await call<{ token: string }>(url, '/auth/dev-login', { body: { userId } })).token;

export interface Targets {
  operator: ServerApi.DemoUser;
  token: string;
  items: string[];
  workOrders: string[];
  /** The first operation of every work order (the routings of these products all start at it). */
  seq: number;
}

/**
 * The planner creates WORK_ORDERS work orders of the products the demo has released, and releases
 * them; the operator is the demo user of the workshop their first operation belongs to.
 */
export async function prepareTargets(
  url: string,
  users: readonly ServerApi.DemoUser[],
  log: Log,
): Promise<Targets> {
  const planner = await signIn(url, 'demo-planner');
  const released = await call<{ items: WorkOrderView[] }>(url, '/work-orders?status=released&limit=100', {
    token: planner,
  });
  const first = (wo: WorkOrderView) => wo.operations.reduce((a, b) => (b.seq < a.seq ? b : a));
  const byWorkshop = new Map<string, { seq: number; items: Set<string> }>();
  for (const wo of released.items) {
    const op = first(wo);
    const key = `${op.workshop}:${op.seq}`;
    const group = byWorkshop.get(key) ?? { seq: op.seq, items: new Set<string>() };
    group.items.add(wo.item);
    byWorkshop.set(key, group);
  }
  const [key, group] = [...byWorkshop.entries()].sort((a, b) => b[1].items.size - a[1].items.size)[0] ?? [];
  if (!key || !group) throw new Error('the demo factory has no released work order');
  const workshop = key.split(':')[0]!;
  const operator = users.find((u) => u.roles.includes('operator') && u.workshops.includes(workshop));
  if (!operator) throw new Error(`no demo operator works in ${workshop}`);
  const items = [...group.items].sort();

  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const workOrders: string[] = [];
  for (let i = 0; i < WORK_ORDERS; i++) {
    const wo = await call<WorkOrderView>(url, '/work-orders', {
      token: planner,
      key: randomUUID(),
      body: { item: items[i % items.length], qty: WORK_ORDER_QTY, due },
    });
    if (first(wo).seq !== group.seq || first(wo).workshop !== workshop) {
      throw new Error(`work order ${wo.no} of ${wo.item} does not start at ${workshop} ${group.seq}`);
    }
    await call<WorkOrderView>(url, `/work-orders/${wo.no}/release`, {
      token: planner,
      body: {},
      key: randomUUID(),
    });
    workOrders.push(wo.no);
  }
  log(`server: ${WORK_ORDERS} work orders of ${items.join(', ')} released; reporting as ${operator.id}`);
  return { operator, token: await signIn(url, operator.id), items, workOrders, seq: group.seq };
}

/** One request per call: the next work order, a fresh Idempotency-Key, 1 good piece. */
function reportRequests(targets: Targets) {
  return reportRequestsTo(targets.workOrders.map((no) => ({ no, seq: targets.seq, token: targets.token })));
}

/** One request per call: the next operation round-robin, as its operator, a fresh Idempotency-Key, 1 good piece. */
export function reportRequestsTo(operations: ReadonlyArray<{ no: string; seq: number; token: string }>) {
  let n = 0;
  return [
    {
      method: 'POST',
      setupRequest: (req: CannonRequest): CannonRequest => {
        const op = operations[n++ % operations.length]!;
        return {
          ...req,
          method: 'POST',
          path: `${API}/work-orders/${op.no}/operations/${op.seq}/reports`,
          headers: {
            authorization: `Bearer ${op.token}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-${randomUUID()}`,
          },
          body: JSON.stringify({ goodQty: 1, scrapQty: 0, deviceTime: new Date().toISOString() }),
        };
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The largest BOM of the demo, picked with the engine.

interface LargestBom {
  code: string;
  treeRows: number;
  requirements: number;
}

async function largestDemoBom(server: typeof ServerApi): Promise<LargestBom> {
  const engine = await loadBuiltEngine();
  const doc = server.demoBomDocument();
  const bom = engine.compileBom(doc);
  const date = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const parents = [...new Set(doc.bomLines.map((l) => l.parent))];
  let best: LargestBom | undefined;
  for (const code of parents) {
    let treeRows = 0;
    for (const _ of bom.explodeTree({ item: code, qty: 1, date })) treeRows++;
    const requirements = bom.explode({ item: code, qty: 1, date }).requirements.length;
    if (
      !best ||
      treeRows > best.treeRows ||
      (treeRows === best.treeRows && requirements > best.requirements)
    ) {
      best = { code, treeRows, requirements };
    }
  }
  if (!best) throw new Error('the demo factory has no BOM');
  return best;
}

// ---------------------------------------------------------------------------------------------
// One backend.

interface ReportRun {
  warmup: LoadResult;
  run: LoadResult;
  before: ChildCounts;
  after: ChildCounts;
  /** Stored reports, idempotency keys and reported pieces each grew by exactly the 2xx count. */
  consistent: boolean;
  /** Machine load average (1 min) as the run started: other work on the machine skews every figure. */
  loadAverage: number;
}

interface BackendResult {
  backend: Backend;
  label: string;
  seeded: string;
  operator: string;
  items: string[];
  reports: ReportRun;
  explosion: LoadResult;
}

type BackendOutcome = BackendResult | { backend: Backend; label: string; skipped: string };

async function benchBackend(
  backend: Backend,
  options: ChildOptions,
  label: string,
  server: typeof ServerApi,
  largest: LargestBom,
  log: Log,
): Promise<BackendResult> {
  const child = await startChild(options, log);
  try {
    const targets = await prepareTargets(child.url, server.DEMO_USERS, log);

    log(`server: ${backend} warm-up, ${formatCount(WARMUP_REQUESTS)} reports`);
    const warmup = await cannon({
      url: child.url,
      connections: CONNECTIONS,
      amount: WARMUP_REQUESTS,
      requests: reportRequests(targets),
    });
    const amount = Math.max(CONNECTIONS * 20, Math.round(warmup.perSecond * RUN_SECONDS));
    const capacity = WORK_ORDERS * WORK_ORDER_QTY - warmup.ok;
    if (amount > capacity) throw new Error(`${amount} reports would overrun the ${capacity} pieces left`);

    const loadAverage = loadavg()[0]!;
    const before = await child.count(targets.workOrders, targets.seq);
    log(`server: ${backend} run, ${formatCount(amount)} reports at ${CONNECTIONS} connections`);
    if (PROFILE_DIR) await child.profile('start');
    const run = await cannon({
      url: child.url,
      connections: CONNECTIONS,
      amount,
      requests: reportRequests(targets),
    });
    if (PROFILE_DIR) {
      const file = join(PROFILE_DIR, `server-${backend}-reports.cpuprofile`);
      await child.profile('stop', file);
      log(`server: CPU profile of the run in ${file}`);
    }
    const after = await child.count(targets.workOrders, targets.seq);
    const consistent =
      after.reports - before.reports === run.ok &&
      after.keys - before.keys === run.ok &&
      after.firstOpGood - before.firstOpGood === run.ok;
    log(
      `server: ${backend} ${run.perSecond.toFixed(0)} reports/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
        `${run.non2xx} non-2xx, ${after.reports - before.reports} stored for ${run.ok} 2xx`,
    );

    const explosionPath = `${API}/boms/${encodeURIComponent(largest.code)}/explosion?qty=1`;
    const probe = await call<{ requirements: unknown[] }>(child.url, explosionPath.slice(API.length), {
      token: targets.token,
    });
    if (probe.requirements.length !== largest.requirements) {
      throw new Error(
        `the explosion of ${largest.code} answered ${probe.requirements.length} requirements; the engine found ${largest.requirements}`,
      );
    }
    const explosionOptions = {
      url: `${child.url}${explosionPath}`,
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${targets.token}` },
    };
    await cannon({ ...explosionOptions, duration: 1 });
    log(`server: ${backend} explosion of ${largest.code}, ${EXPLOSION_SECONDS} s`);
    const explosion = await cannon({ ...explosionOptions, duration: EXPLOSION_SECONDS });

    return {
      backend,
      label,
      seeded: child.seeded,
      operator: targets.operator.id,
      items: targets.items,
      reports: { warmup, run, before, after, consistent, loadAverage },
      explosion,
    };
  } finally {
    await child.close();
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown.

const ms = (n: number) => (Number.isFinite(n) ? `${n} ms` : 'n/a');

function render(outcomes: BackendOutcome[], largest: LargestBom, pgPool: number): SectionReport {
  const ran = outcomes.filter((o): o is BackendResult => !('skipped' in o));
  const goals: GoalCheck[] = [];
  for (const o of outcomes) {
    const target =
      o.backend === 'pglite' ? SERVER_GOALS.pgliteReportsPerSecond : SERVER_GOALS.postgresReportsPerSecond;
    if ('skipped' in o) {
      goals.push({
        goal: `report POSTs on ${o.label}, ${CONNECTIONS} connections`,
        target: `≥ ${formatCount(target)}/s, p99 ≤ ${SERVER_GOALS.p99Ms} ms`,
        measured: `skipped: ${o.skipped}`,
        pass: false,
      });
      continue;
    }
    const r = o.reports.run;
    goals.push({
      goal: `report POSTs/s on ${o.label}, ${CONNECTIONS} connections`,
      target: `≥ ${formatCount(target)}/s`,
      measured: `${formatCount(r.perSecond)}/s${o.reports.consistent ? '' : ' (answer check failed)'}`,
      pass: r.perSecond >= target && o.reports.consistent && r.non2xx === 0 && r.errors === 0,
    });
    goals.push({
      goal: `report POST p99 latency on ${o.label}`,
      target: `≤ ${SERVER_GOALS.p99Ms} ms`,
      measured: `${ms(r.p99)} (p50 ${ms(r.p50)})`,
      pass: r.p99 <= SERVER_GOALS.p99Ms,
    });
  }

  // A skipped backend says why in the first row of its column.
  const cell = (o: BackendOutcome, f: (r: BackendResult) => string, first: boolean) =>
    'skipped' in o ? (first ? `skipped: ${o.skipped}` : '—') : f(o);
  const reportRows: Array<[string, (r: BackendResult) => string]> = [
    ['reports/s (2xx ÷ first request to last answer)', (r) => formatCount(r.reports.run.perSecond)],
    ['latency p50 / p90 / p99 / max', (r) => latencies(r.reports.run)],
    ['requests: 2xx / non-2xx / errors', (r) => answers(r.reports.run)],
    ['run length', (r) => `${r.reports.run.seconds.toFixed(1)} s`],
    [
      'server process CPU per report (cores busy)',
      (r) => {
        const micros = r.reports.after.cpuMicros - r.reports.before.cpuMicros;
        return `${formatMs(micros / 1000 / r.reports.run.ok)} (${(micros / 1e6 / r.reports.run.seconds).toFixed(2)})`;
      },
    ],
    ['machine load average as the run started', (r) => r.reports.loadAverage.toFixed(2)],
    [
      'answer check: reports, idempotency keys, pieces stored',
      (r) =>
        `${mark(r.reports.consistent)} +${formatCount(r.reports.after.reports - r.reports.before.reports)}, +${formatCount(r.reports.after.keys - r.reports.before.keys)}, +${formatCount(r.reports.after.firstOpGood - r.reports.before.firstOpGood)} for ${formatCount(r.reports.run.ok)} 2xx`,
    ],
    [
      'warm-up (not counted)',
      (r) =>
        `${formatCount(r.reports.warmup.ok)} reports, ${formatCount(r.reports.warmup.perSecond)}/s, p99 ${ms(r.reports.warmup.p99)}, ${r.reports.warmup.non2xx} non-2xx`,
    ],
  ];
  const explosionRows: Array<[string, (r: BackendResult) => string]> = [
    ['requests/s', (r) => formatCount(r.explosion.perSecond)],
    ['latency p50 / p90 / p99 / max', (r) => latencies(r.explosion)],
    ['requests: 2xx / non-2xx / errors', (r) => answers(r.explosion)],
  ];
  const header = ['', ...outcomes.map((o) => o.label)];
  const rows = (list: Array<[string, (r: BackendResult) => string]>) =>
    list.map(([label, f], i) => [label, ...outcomes.map((o) => cell(o, f, i === 0))]);
  const sample = ran[0];

  const markdown = [
    `### \`POST /work-orders/{no}/operations/{seq}/reports\` at ${CONNECTIONS} connections`,
    '',
    table(header, rows(reportRows)),
    '',
    `### \`GET /boms/${largest.code}/explosion?qty=1\` at ${CONNECTIONS} connections, ${EXPLOSION_SECONDS} s`,
    '',
    `The demo BOM with the most rows, picked with the engine: ${formatCount(largest.treeRows)} tree rows, ${largest.requirements} requirements.`,
    '',
    table(header, rows(explosionRows)),
    '',
    '### How it was measured',
    '',
    `- The built server (\`packages/server/dist\`, \`startServer\`) runs in a **child process** (\`bench/server-child.ts\`); autocannon runs in the benchmark process. The load generator never shares the server's event loop; on this 2-core machine each gets a core, and on PostgreSQL the database's backends share the same two cores.`,
    `- Demo mode as \`pnpm start\` runs it: the demo factory seeded before the server serves, background workers on, log level warn. PGlite: a fresh temporary data folder. PostgreSQL: a fresh schema in \`${shownPgUrl()}\`, dropped afterwards, ${pgPool} pooled connections (${PG_POOL_SIZE === undefined ? "the server's `DATABASE_POOL_SIZE` default" : 'SHOPFLOOR_BENCH_PG_POOL'}).`,
    `- Setup through the API: the planner creates and releases ${WORK_ORDERS} work orders of ${WORK_ORDER_QTY} pieces${sample ? ` (${sample.items.join(', ')})` : ''}; the operator${sample ? ` \`${sample.operator}\`` : ''} signs in with dev-login and reports 1 good piece per request on the first operation of the next work order, round-robin — his workshop, in sequence. Every request is a distinct body with its own \`Idempotency-Key\` (autocannon \`setupRequest\`).`,
    `- ${formatCount(WARMUP_REQUESTS)} reports warm up first; the measured run is sized from the warm-up rate to last about ${RUN_SECONDS} s and sent with autocannon's \`amount\`, so every request is answered before the database is counted. Answer check: operation reports, idempotency keys and the pieces on the operations each grew by exactly the number of 2xx answers.`,
    `- Latency is autocannon's histogram (whole milliseconds); throughput is 2xx answers over the time from the first request to the last answer. With ${CONNECTIONS} connections always busy the mean latency is ${CONNECTIONS} ÷ throughput (Little's law): a p99 of ${SERVER_GOALS.p99Ms} ms needs well over ${formatCount((CONNECTIONS * 1000) / SERVER_GOALS.p99Ms)} answers/s.`,
    `- Server process CPU per report is the child's user + system time over the run divided by the 2xx answers (with PGlite this is the whole cost: the database runs inside it); its load shows how many cores it kept busy. The machine load average says how much else ran: the suite shares the machine.`,
    `- The explosion endpoint has no goal of its own; the first request checks it against the engine's explosion (same requirement count), then ${EXPLOSION_SECONDS} s of GETs follow 1 s of warm-up.`,
  ].join('\n');

  const summary = [
    ...goals.map((g) => `${mark(g.pass)} ${g.goal}: ${g.measured} (goal ${g.target})`),
    ...ran.map(
      (r) =>
        `explosion of ${largest.code} on ${r.label}: ${formatCount(r.explosion.perSecond)} req/s, p99 ${ms(r.explosion.p99)}`,
    ),
  ];
  return { markdown, goals, summary };
}

const latencies = (r: LoadResult) => `${ms(r.p50)} / ${ms(r.p90)} / ${ms(r.p99)} / ${ms(r.max)}`;
const answers = (r: LoadResult) =>
  `${formatCount(r.ok)} / ${formatCount(r.non2xx)}${r.non2xx > 0 ? ` (${r.statuses})` : ''} / ${r.errors}${r.timeouts > 0 ? ` (${r.timeouts} timeouts)` : ''}`;

export const serverSection: BenchSection = {
  name: 'server',
  title: 'Server: operation reports and BOM explosion over HTTP',
  async run(log) {
    if (!existsSync(fileURLToPath(SERVER_DIST))) {
      throw new EngineUnavailableError('packages/server/dist/index.js is missing: run `pnpm build`');
    }
    const server = (await import(SERVER_DIST.href)) as typeof ServerApi;
    if (typeof server.seedDemoFactory !== 'function') {
      throw new EngineUnavailableError('the built server does not export seedDemoFactory: run `pnpm build`');
    }
    const largest = await largestDemoBom(server);
    log(`server: largest demo BOM ${largest.code} (${largest.treeRows} tree rows)`);

    const outcomes: BackendOutcome[] = [];
    if (BACKENDS.includes('pglite')) {
      const dataDir = mkdtempSync(join(tmpdir(), 'shopfloor-bench-'));
      try {
        const options: ChildOptions = { backend: 'pglite', dataDir };
        outcomes.push(await benchBackend('pglite', options, 'PGlite (embedded)', server, largest, log));
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (BACKENDS.includes('postgres')) {
      const label = 'PostgreSQL';
      const unreachable = await probePostgres();
      if (unreachable) {
        log(`server: PostgreSQL skipped: ${unreachable}`);
        outcomes.push({ backend: 'postgres', label, skipped: unreachable });
      } else {
        const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
        const options: ChildOptions = { backend: 'postgres', pgUrl: PG_URL, schema, poolSize: PG_POOL_SIZE };
        try {
          outcomes.push(await benchBackend('postgres', options, label, server, largest, log));
        } finally {
          await dropSchema(schema).catch(() => {});
        }
      }
    }
    return render(outcomes, largest, PG_POOL_SIZE ?? server.loadConfig({}).databasePoolSize);
  },
};
