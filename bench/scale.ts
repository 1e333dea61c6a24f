/**
 * `scale`: the read routes the app and the console use, at a year of a 500-person plant on
 * PostgreSQL. Seeds a fresh schema with the year's data set (packages/server/src/demo/scale), starts
 * the server's sources in-process on it, times each route over HTTP (30 samples, one user, p50/p95),
 * the home page and the board also under 20 concurrent users (against a server in a child process,
 * bench/scale-child.ts), and keeps EXPLAIN (ANALYZE, BUFFERS)
 * of each route's slowest statement in bench/scale-explain/<route>.txt.
 *
 * SHOPFLOOR_SCALE_SIZE=year|small|<share> (default year; 0.25 = a quarter of the year's rows);
 * SHOPFLOOR_SCALE_SCHEMA=<schema> measures a schema seeded before (kept); SHOPFLOOR_SCALE_KEEP=1
 * keeps the fresh one.
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as server from '../packages/server/src/index.js';
import { BENCH_PG_URL, benchSchema, probePostgres, shownPgUrl } from './backends.js';
import { type BenchSection, formatMs, type GoalCheck, mark, table } from './report.js';
import { measureWritesAtScale } from './scale-write.js';

export const SAMPLES = 30;
const USERS = 20;
const GOAL_MS = 100;
const EXPLAIN_DIR = fileURLToPath(new URL('./scale-explain/', import.meta.url));

interface Traced {
  text: string;
  values: unknown[];
  ms: number;
}

/** Every statement the pg driver sends while `tracing` is on, with its time (for EXPLAIN). */
let tracing: Traced[] | null = null;
const originalQuery = pg.Client.prototype.query;
function traceStatements(): void {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [unknown, unknown];
    const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
    const values = (
      typeof first === 'string' ? second : (first as { values?: unknown[] })?.values
    ) as unknown[];
    const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    if (tracing && text && result instanceof Promise) {
      const started = performance.now();
      const list = tracing;
      result.then(
        () => list.push({ text, values: values ?? [], ms: performance.now() - started }),
        () => {},
      );
    }
    return result;
  } as typeof pg.Client.prototype.query;
}

/** utime + stime of a process in milliseconds (Linux: /proc/<pid>/stat counts ticks of 1/100 s). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: the fields counted here start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface Route {
  name: string;
  user: string;
  /** One path, or several fetched at once (a screen). */
  paths: string[] | ((get: Getter) => Promise<void>);
  /** Reads every row of something that grows: listed in the report. */
  unbounded?: string;
}
export type Getter = (path: string) => Promise<unknown>;

export const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export async function signIn(url: string, userId: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!res.ok) throw new Error(`dev-login ${userId}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * GET as the app's client does: the answer read and parsed. `raw: true` times a request as a load
 * tool does (autocannon, wrk): node:http with a keep-alive agent, the bytes as sent (gzip taken, as
 * browsers and Taro.request ask) read to the last one, neither inflated nor parsed. 20 users' devices
 * each do that for their own answer; 20 clients here would queue behind each other on one thread
 * (a board at a year is 36 kB gzipped, 0.53 MB of JSON).
 */
export function getter(url: string, token: string, options: { raw?: boolean } = {}): Getter {
  if (options.raw) return rawGetter(url, token);
  return async (path) => {
    const res = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 200)}`);
    return JSON.parse(body);
  };
}

const rawAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function rawGetter(url: string, token: string): Getter {
  return (path) =>
    new Promise((resolve, reject) => {
      const req = http.get(
        `${url}/api/v1${path}`,
        { agent: rawAgent, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } },
        (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.byteLength;
          });
          res.on('end', () =>
            res.statusCode === 200 ? resolve(bytes) : reject(new Error(`GET ${path}: ${res.statusCode}`)),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
}

/**
 * The board's refresh (every 30 s), as the app sends it: one bounded page of the board selection
 * (packages/miniapp/src/pages/board, BOARD_LIMIT). Its count accuracy and 7-day team chart are rows
 * of their own ("count accuracy"; the team chart is read once per 5 minutes).
 */
export const BOARD_PATH = '/work-orders?view=board&limit=200';

/** The demo operators' workshops (demo/plant.ts): an operator's home asks one view=home per workshop. */
const OPERATOR_WORKSHOPS: Record<string, string[]> = {
  'demo-operator': ['WS-ASM'],
  'demo-operator-2': ['WS-CUT', 'WS-MCH'],
  'demo-operator-3': ['WS-CUT', 'WS-MCH'],
  'demo-operator-4': ['WS-ASM'],
  'demo-painter': ['WS-PNT'],
};

/**
 * An operator's home (首页) as the app sends it between whole copies (pages/index/Home.tsx,
 * OperationsSection.tsx): 今日工序 only, one `view=home` page per workshop. Alerts and requests
 * awaiting someone are other roles' sections (rows of their own below).
 */
export function homePaths(user: string): string[] {
  const workshops = OPERATOR_WORKSHOPS[user];
  if (!workshops) throw new Error(`no workshops known for ${user}`);
  return workshops.map((w) => `/work-orders?workshop=${w}&limit=50&view=home`);
}

export function routes(p: {
  wo: string;
  openWo: string;
  lot: string;
  material: string;
  top: string;
  made: string;
}): Route[] {
  const month = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  const inWeek = new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      name: 'app home (首页)',
      user: 'demo-operator',
      paths: homePaths('demo-operator'),
    },
    {
      // At most every 10 minutes (HOME_COPY_EVERY_MS) the home asks its orders whole instead, for
      // the phone's offline copies: the three pages it asked on every show before.
      name: 'app home, whole copy (每 10 分钟)',
      user: 'demo-operator',
      paths: ['in-progress', 'released', 'on-hold'].map(
        (s) => `/work-orders?status=${s}&workshop=WS-ASM&limit=50`,
      ),
    },
    {
      name: 'app board (看板)',
      user: 'demo-planner',
      paths: [BOARD_PATH],
    },
    { name: 'work order', user: 'demo-planner', paths: [`/work-orders/${p.wo}`] },
    { name: 'open work order', user: 'demo-planner', paths: [`/work-orders/${p.openWo}`] },
    {
      name: 'operation reports',
      user: 'demo-planner',
      paths: [`/work-orders/${p.wo}/operations/10/reports`],
    },
    { name: 'work order materials', user: 'demo-operator', paths: [`/work-orders/${p.openWo}/materials`] },
    { name: 'work orders (list)', user: 'demo-planner', paths: ['/work-orders?limit=50'] },
    { name: 'work orders closed', user: 'demo-planner', paths: ['/work-orders?status=closed&limit=50'] },
    { name: 'lot', user: 'demo-planner', paths: [`/lots/${p.lot}`] },
    { name: 'trace finished lot', user: 'demo-planner', paths: [`/lots/${p.lot}/trace?direction=backward`] },
    {
      name: 'trace material lot',
      user: 'demo-planner',
      paths: [`/lots/${p.material}/trace?direction=forward`],
    },
    { name: 'alerts open', user: 'demo-planner', paths: ['/alerts?status=open&limit=50'] },
    { name: 'alerts all', user: 'demo-planner', paths: ['/alerts?limit=50'] },
    { name: 'issue requests', user: 'demo-approver', paths: ['/issue-requests?limit=50'] },
    {
      name: 'issue requests pending',
      user: 'demo-approver',
      paths: ['/issue-requests?status=pending&limit=50'],
    },
    { name: 'stock balances', user: 'demo-storekeeper', paths: ['/stock/balances?limit=50'] },
    { name: 'stock balances of an item', user: 'demo-storekeeper', paths: [`/stock/balances?item=${p.top}`] },
    { name: 'stock movements', user: 'demo-storekeeper', paths: ['/stock/movements?limit=50'] },
    {
      name: 'stock movements of an item',
      user: 'demo-storekeeper',
      paths: [`/stock/movements?item=${p.top}&limit=50`],
    },
    { name: 'items', user: 'demo-planner', paths: ['/items?limit=50'] },
    { name: 'item', user: 'demo-planner', paths: [`/items/${p.top}`] },
    { name: 'where-used (the most used part)', user: 'demo-planner', paths: [`/items/${p.top}/where-used`] },
    { name: 'BOM', user: 'demo-planner', paths: [`/boms/${p.made}`] },
    { name: 'BOM explosion', user: 'demo-planner', paths: [`/boms/${p.made}/explosion?qty=10`] },
    { name: 'routing', user: 'demo-planner', paths: [`/routings/${p.made}`] },
    {
      name: 'work-center load',
      user: 'demo-planner',
      paths: [`/work-centers/load?from=${today}&to=${inWeek}`],
    },
    {
      name: 'team comparison (30 days)',
      user: 'demo-planner',
      paths: [`/analytics/team-comparison?from=${month}&to=${today}`],
      unbounded: 'every report in the range, up to 100,000 (400 beyond): a month of a year is ~36,000',
    },
    { name: 'count accuracy', user: 'demo-planner', paths: ['/cycle-counts/accuracy'] },
    { name: 'transfers', user: 'demo-storekeeper', paths: ['/transfers?limit=50'] },
    { name: 'users', user: 'demo-admin', paths: ['/users'] },
    {
      name: 'workshops, warehouses, locations',
      user: 'demo-planner',
      paths: ['/workshops', '/warehouses', '/locations'],
    },
  ];
}

/** The rows the routes read: a closed and an open work order, a finished and the busiest material lot, the most used part. */
export async function routeParams(client: pg.Client): Promise<Parameters<typeof routes>[0]> {
  const pick = async (q: string) =>
    String(((await client.query(q)).rows[0] as { v: string } | undefined)?.v ?? '');
  return {
    wo: await pick(
      `select no v from work_orders where no like 'YWO%' and status = 'closed' order by no offset 100 limit 1`,
    ),
    openWo: await pick(
      `select no v from work_orders where no like 'YWO%' and status = 'in-progress' order by no desc limit 1`,
    ),
    lot: await pick(`select code v from lots where code like 'YF%' order by code offset 100 limit 1`),
    material: await pick(
      `select from_lot v from genealogy_edges group by from_lot order by count(*) desc limit 1`,
    ),
    top: await pick(`select child v from bom_lines group by child order by count(*) desc limit 1`),
    made: 'Y-00001',
  };
}

export async function once(route: Route, get: Getter): Promise<void> {
  if (typeof route.paths === 'function') await route.paths(get);
  else await Promise.all(route.paths.map(get));
}

/**
 * 3 warm-ups, then SAMPLES timed calls (5 for a route over a second a call: 30 would hold the
 * section for minutes), sorted. `commit` runs before each call, untimed: a committed transaction,
 * so a home answer (shared while nothing commits: work-order-home-cache.ts) is read every sample.
 */
export async function sampleRoute(
  route: Route,
  get: Getter,
  commit: () => Promise<unknown>,
): Promise<{ times: number[]; samples: number }> {
  const warm = performance.now();
  for (let i = 0; i < 3; i++) {
    await commit();
    await once(route, get);
  }
  const samples = performance.now() - warm > 3_000 ? 5 : SAMPLES;
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    await commit();
    const t = performance.now();
    await once(route, get);
    times.push(performance.now() - t);
  }
  return { times: times.sort((a, b) => a - b), samples };
}

interface Concurrent {
  p50: number;
  p95: number;
  rps: number;
  serverCpuMs: number;
}

/**
 * The home's 20-user runs while a transaction commits this often: a home is shared only while
 * nothing commits (work-order-home-cache.ts). A 500-person plant's year (1 M reports, 2 M
 * movements) is one write every ~6 s of a two-shift day (3 M over 300 × 16 h): every second is a
 * busy floor with the workers committing too; every 10 ms is the worst case, most homes reading.
 * The first run (nothing committed during its fraction of a second) is the shift start.
 */
const COMMIT_EVERY_MS = [1000, 10] as const;
/** Each 20-user run lasts at least this long (5 commits of the slower rate), so their figures compare. */
const RUN_MIN_MS = 5_000;

const commitEvery = (ms: number) => `a commit every ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}`;

const concurrentCell = (c: Concurrent) =>
  `${formatMs(c.p50)} / ${formatMs(c.p95)} (${c.rps.toFixed(0)}/s, server CPU ${c.serverCpuMs.toFixed(1)} ms each)`;

interface Row {
  route: Route;
  p50: number;
  p95: number;
  error?: string;
  /** `serverCpuMs`: the child server's CPU (utime + stime) per screen, which the load does not inflate as it does wall time. */
  concurrent?: Concurrent;
  /** The home again, with a transaction committing every COMMIT_EVERY_MS[i] meanwhile: fewer answers shared. */
  committing?: Concurrent[];
  samples?: number;
  slowest?: Traced;
}

async function explain(client: pg.Client, name: string, statement: Traced): Promise<string> {
  const plan = await client.query(`explain (analyze, buffers) ${statement.text}`, statement.values);
  const body = [
    `-- ${name}: the slowest statement of one request (${statement.ms.toFixed(1)} ms when traced)`,
    statement.text,
    `-- parameters: ${JSON.stringify(statement.values)}`,
    '',
    ...plan.rows.map((r) => r['QUERY PLAN'] as string),
    '',
  ].join('\n');
  const file = `${name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}.txt`;
  writeFileSync(`${EXPLAIN_DIR}${file}`, body);
  return file;
}

export const scaleSection: BenchSection = {
  name: 'scale',
  title: 'A year of a 500-person plant (read routes at size)',
  async run(log) {
    const unreachable = await probePostgres();
    if (unreachable) throw new Error(unreachable);
    const reuse = process.env.SHOPFLOOR_SCALE_SCHEMA;
    const schema = reuse ?? benchSchema();
    const sizeName = process.env.SHOPFLOOR_SCALE_SIZE ?? 'year';
    const size =
      sizeName === 'year' || sizeName === 'small' ? sizeName : server.scale.fractionOfYear(Number(sizeName));
    const config = server.loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SHOPFLOOR_DEMO: 'on',
      SHOPFLOOR_LOG_LEVEL: 'silent',
      DATABASE_URL: BENCH_PG_URL,
      // One user's timings measure the read itself, not the board's shared answer (the 20 users' do).
      SHOPFLOOR_BOARD_SHARE_SECONDS: '0',
    });
    const database = await server.openDatabase({ url: BENCH_PG_URL, schema, poolSize: 20 });
    let seeded = 'reused';
    const lines: string[] = [];
    try {
      if (!reuse) {
        log(`scale: seeding ${sizeName} into ${schema}`);
        const result = await server.scale.seedScaleIntoServer(
          config,
          { size, log: (m) => log(`scale: ${m}`) },
          database,
        );
        seeded = `${result.seconds.toFixed(0)} s`;
      }
      const counts = await server.scale.scaleCounts(database.db, config.orgId);
      log(`scale: ${JSON.stringify(counts)}`);
      const running = await server.startServer(config, { database, workers: false });
      const explainer = new pg.Client({
        connectionString: BENCH_PG_URL,
        options: `-c search_path="${schema}"`,
      });
      await explainer.connect();
      // A transaction that commits (it takes an id): the next home reads instead of sharing.
      const commit = () => explainer.query('select pg_current_xact_id()');
      mkdirSync(EXPLAIN_DIR, { recursive: true });
      traceStatements();
      const rows: Row[] = [];
      try {
        const params = await routeParams(explainer);
        log(`scale: parameters ${JSON.stringify(params)}`);
        const tokens = new Map<string, string>();
        const getFor = async (user: string) => {
          if (!tokens.has(user)) tokens.set(user, await signIn(running.url, user));
          return getter(running.url, tokens.get(user)!);
        };
        for (const route of routes(params)) {
          const get = await getFor(route.user);
          try {
            const { times, samples } = await sampleRoute(route, get, commit);
            await commit();
            tracing = [];
            await once(route, get);
            await new Promise((r) => setTimeout(r, 10));
            const slowest = tracing
              .filter((s) => /^\s*(select|with)\b/i.test(s.text))
              .sort((a, b) => b.ms - a.ms)[0];
            tracing = null;
            rows.push({ route, p50: quantile(times, 0.5), p95: quantile(times, 0.95), slowest, samples });
            log(
              `scale: ${route.name} p50 ${formatMs(quantile(times, 0.5))} p95 ${formatMs(quantile(times, 0.95))}`,
            );
          } catch (error) {
            tracing = null;
            rows.push({ route, p50: Number.NaN, p95: Number.NaN, error: (error as Error).message });
            log(`scale: ${route.name} failed: ${(error as Error).message}`);
          }
        }
        const files = new Map<Row, string>();
        for (const row of rows)
          if (row.slowest) files.set(row, await explain(explainer, row.route.name, row.slowest));
        // The concurrent runs go to a server in a child process: 20 users' clients here would
        // otherwise share the server's event loop and measure themselves.
        const child = fork(fileURLToPath(new URL('./scale-child.ts', import.meta.url)), [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, SHOPFLOOR_SCALE_CHILD: JSON.stringify({ url: BENCH_PG_URL, schema }) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        const childUrl = await new Promise<string>((resolve, reject) => {
          child.once('message', (m) => resolve((m as { url: string }).url));
          child.once('exit', (code) => reject(new Error(`the scale server child exited with ${code}`)));
        });
        const childTokens = new Map<string, Getter>();
        const getForChild = async (user: string) => {
          if (!childTokens.has(user))
            childTokens.set(user, getter(childUrl, await signIn(childUrl, user), { raw: true }));
          return childTokens.get(user)!;
        };
        for (const row of rows.filter((r) =>
          ['app home (首页)', 'app board (看板)'].includes(r.route.name),
        )) {
          const names = Object.keys(OPERATOR_WORKSHOPS);
          const users = await Promise.all(names.map(getForChild));
          // Each operator's home asks for his own workshops; the board is the same request for all.
          const routeOf = (u: number): Route =>
            row.route.name === 'app home (首页)' ? { ...row.route, paths: homePaths(names[u]!) } : row.route;
          const rounds = 5;
          // A fresh server compiles the BOM graph and warms its JIT on the first calls: not timed.
          for (const [u, get] of users.entries()) await once(routeOf(u), get);
          // `minMs`: each user goes on past his rounds until then (a commit every second needs seconds).
          const run = async (minMs = 0): Promise<Concurrent> => {
            const times: number[] = [];
            const started = performance.now();
            const cpuBefore = processCpuMs(child.pid!);
            await Promise.all(
              Array.from({ length: USERS }, async (_, u) => {
                for (let i = 0; i < rounds || performance.now() - started < minMs; i++) {
                  const t = performance.now();
                  await once(routeOf(u % users.length), users[u % users.length]!);
                  times.push(performance.now() - t);
                }
              }),
            );
            times.sort((a, b) => a - b);
            return {
              p50: quantile(times, 0.5),
              p95: quantile(times, 0.95),
              rps: times.length / ((performance.now() - started) / 1000),
              serverCpuMs: (processCpuMs(child.pid!) - cpuBefore) / times.length,
            };
          };
          row.concurrent = await run(RUN_MIN_MS);
          log(
            `scale: ${row.route.name} × ${USERS} users p95 ${formatMs(row.concurrent.p95)}, server CPU ${row.concurrent.serverCpuMs.toFixed(1)} ms each`,
          );
          if (row.route.name === 'app home (首页)') {
            row.committing = [];
            for (const every of COMMIT_EVERY_MS) {
              // One at once, then every `every` ms: a run of RUN_MIN_MS meets RUN_MIN_MS / every commits at least.
              const committed = () => commit().catch(() => undefined);
              void committed();
              const committer = setInterval(committed, every);
              try {
                row.committing.push(await run(RUN_MIN_MS));
              } finally {
                clearInterval(committer);
              }
              const c = row.committing.at(-1)!;
              log(
                `scale: ${row.route.name} × ${USERS} users, ${commitEvery(every)}: p95 ${formatMs(c.p95)}, server CPU ${c.serverCpuMs.toFixed(1)} ms each`,
              );
            }
          }
        }
        child.send('close');
        await new Promise((resolve) => child.once('exit', resolve));
        // The machine is shared: its load beside the figures says how far to trust them.
        const load = loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ');
        lines.push(
          `Load average (1 / 5 / 15 min) when the timings ended: ${load}.`,
          '',
          `PostgreSQL ${shownPgUrl()}, schema seeded ${seeded} (size ${sizeName}); the server's sources in-process for the one-user timings (the board's shared answer off, and a transaction committed before each sample: each sample reads, the home too) and in a child process for the 20 users (as deployed: boards of one scope share an answer for 5 s, homes asking the same while nothing commits — so the home also while a transaction commits every second, a busy floor, and every 10 ms, the worst case; each 20-user run lasts ${RUN_MIN_MS / 1000} s at least; timed as a load tool does: node:http, gzip taken, to each answer's last byte, neither inflated nor parsed: each user's device does that for its own), workers off; ${SAMPLES} samples a route after 3 warm-ups, one user; a screen's requests go at once, as the app sends them; an operator's home is his workshops' \`view=home\` pages.`,
          '',
          table(
            ['rows', ...Object.keys(counts)],
            [['', ...Object.values(counts).map((v) => v.toLocaleString('en'))]],
          ),
          '',
          table(
            [
              'route',
              'p50',
              'p95',
              `≤ ${GOAL_MS} ms`,
              `${USERS} users p50 / p95`,
              'slowest statement (EXPLAIN)',
            ],
            rows.map((r) => [
              r.route.name,
              r.error ? `failed: ${r.error.slice(0, 80)}` : formatMs(r.p50),
              r.error ? '' : `${formatMs(r.p95)}${r.samples === SAMPLES ? '' : ` (${r.samples} samples)`}`,
              r.error ? '❌' : mark(r.p95 <= GOAL_MS),
              r.concurrent
                ? [
                    concurrentCell(r.concurrent),
                    ...(r.committing ?? []).map(
                      (c, i) => `${commitEvery(COMMIT_EVERY_MS[i]!)}: ${concurrentCell(c)}`,
                    ),
                  ].join('; ')
                : '',
              files.has(r)
                ? `${r.slowest!.ms.toFixed(1)} ms, [plan](bench/scale-explain/${files.get(r)})`
                : '',
            ]),
          ),
          '',
          'Routes that read rows without a bound:',
          ...rows.filter((r) => r.route.unbounded).map((r) => `- ${r.route.name}: ${r.route.unbounded}`),
        );
        const goals: GoalCheck[] = [
          {
            goal: 'read routes p95, one user, a year of data (PostgreSQL)',
            target: `≤ ${GOAL_MS} ms each`,
            measured: `${rows.filter((r) => !r.error && r.p95 <= GOAL_MS).length} of ${rows.length} within; worst ${
              [...rows].sort((a, b) => (b.p95 || 0) - (a.p95 || 0))[0]?.route.name
            } ${formatMs(Math.max(...rows.map((r) => r.p95 || 0)))}`,
            pass: rows.every((r) => !r.error && r.p95 <= GOAL_MS),
          },
        ];
        const writes = await measureWritesAtScale({ url: BENCH_PG_URL, schema, log });
        if (writes) {
          lines.push('', writes.markdown);
          goals.push(...writes.goals);
        }
        return {
          markdown: lines.join('\n'),
          goals,
          summary: rows.map((r) => `${r.route.name}: p50 ${formatMs(r.p50)} p95 ${formatMs(r.p95)}`),
        };
      } finally {
        pg.Client.prototype.query = originalQuery;
        await explainer.end();
        await running.close();
      }
    } finally {
      if (!reuse && process.env.SHOPFLOOR_SCALE_KEEP !== '1') {
        await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      }
      await database.close().catch(() => {});
    }
  },
};
