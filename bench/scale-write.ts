/**
 * The write path after a year (issue 14), called by the `scale` section after the read routes, on
 * the same seeded schema: operation reports at 50 connections against the server in a child
 * process (bench/server-child.ts, the server's sources) on (a) an empty freshly-migrated schema
 * with the demo plant, set up as bench/server.ts does, and (b) the year's schema, on reportable
 * operations of the year's open work orders. Reports p50/p99 and reports/s of both, the ratio of
 * their p99, and the CPU per report: the server process plus the PostgreSQL backends of the
 * database (/proc/<pid>/stat utime + stime, deltas over the run) ÷ reports accepted.
 *
 * Standalone: `SHOPFLOOR_BENCH_PG_URL=postgres://…/year_write node --import tsx bench/scale-write.ts
 * [schema]` (default schema public). SHOPFLOOR_BENCH_PROFILE=<dir> writes the server's CPU profile
 * of each measured run there; SHOPFLOOR_BENCH_WORKERS=on runs the server's background workers;
 * SHOPFLOOR_SCALE_WRITE_CASE=empty|year runs one case only (a quicker before/after of a change).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as server from '../packages/server/src/index.js';
import { BENCH_PG_URL, benchSchema } from './backends.js';
import { formatCount, formatMs, type GoalCheck, mark, table } from './report.js';
import {
  CONNECTIONS,
  cannon,
  type LoadResult,
  prepareTargets,
  reportRequestsTo,
  signIn,
  startChild,
} from './server.js';
import type { ChildOptions } from './server-child.js';

export interface ScaleWriteContext {
  /** PostgreSQL URL and the schema holding a year's data. */
  url: string;
  schema: string;
  log: (line: string) => void;
}

const RUN_SECONDS = 10;
const WARMUP_REQUESTS = 3_000;
/** Year operations reported on, round-robin: many different ones, as a floor would. */
const YEAR_OPERATIONS = 2_000;
/** Each picked operation can take at least this many more 1-piece reports. */
const MIN_ROOM = 30;
const P99_RATIO_GOAL = 1.2;
const CPU_GOAL_MS = 0.6;
const PROFILE_DIR = process.env.SHOPFLOOR_BENCH_PROFILE;
/**
 * Workers off unless SHOPFLOOR_BENCH_WORKERS=on: on a year a fresh server's weekly count plan runs
 * its stock statement for tens of seconds (docs/scale.md), which a 10-s run would measure instead
 * of the reports.
 */
const WORKERS = process.env.SHOPFLOOR_BENCH_WORKERS === 'on';
const ONLY_CASE = process.env.SHOPFLOOR_SCALE_WRITE_CASE;
/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

type Operation = { no: string; seq: number; token: string };

interface CaseResult {
  label: string;
  operations: number;
  /** Picked operations past their planned end: the first report on each replans its work order. */
  late: number;
  warmup: LoadResult;
  run: LoadResult;
  stored: { reports: number; keys: number; good: number };
  serverCpuMs: number;
  databaseCpuMs: number;
  backends: number;
  /** Statements the server sent to PostgreSQL over the run (pg client calls, counted in the child). */
  statements: number;
  loadAverage: string;
}

/** utime + stime of a process in milliseconds, 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields counted here start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The client backends of this database other than the measuring connection: the server's pool. */
async function backendCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    `select pid from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  );
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

/** What the database holds of the reported operations: reports, idempotency keys, good pieces. */
async function stored(client: pg.Client, schema: string, operations: Operation[]) {
  const nos = operations.map((o) => o.no);
  const seqs = operations.map((o) => o.seq);
  const s = `"${schema}"`;
  const { rows } = await client.query<{ reports: string; keys: string; good: string }>(
    `with t as (select distinct * from unnest($1::text[], $2::int[]) as t(no, seq))
     select (select count(*) from ${s}.operation_reports r join t on r.work_order_no = t.no and r.seq = t.seq
             where r.org_id = $3) as reports,
            (select count(*) from ${s}.idempotency_keys where org_id = $3) as keys,
            (select coalesce(sum(o.good_qty), 0) from ${s}.work_order_operations o
             join t on o.work_order_no = t.no and o.seq = t.seq where o.org_id = $3) as good`,
    [nos, seqs, server.loadConfig({}).orgId],
  );
  const r = rows[0]!;
  return { reports: Number(r.reports), keys: Number(r.keys), good: Number(r.good) };
}

/**
 * Reportable operations of the year's open work orders, not the last of their routing (that one
 * posts stock and backflushes: another path), each with room for MIN_ROOM more pieces; spread over
 * work orders and interleaved across workshops. Each gets its workshop's demo operator.
 */
async function yearOperations(client: pg.Client, schema: string, url: string) {
  const s = `"${schema}"`;
  const { rows } = await client.query<{ no: string; seq: number; workshop: string; late: boolean }>(
    `with c as (
       select o.work_order_no as no, o.seq, o.workshop, coalesce(o.planned_end < now(), false) as late,
              coalesce(p.good_qty, w.qty) - o.good_qty - o.scrap_qty as room,
              row_number() over (partition by o.workshop order by md5(o.work_order_no || o.seq)) as n
       from ${s}.work_order_operations o
       join ${s}.work_orders w on w.org_id = o.org_id and w.no = o.work_order_no
       left join lateral (select good_qty from ${s}.work_order_operations p
                          where p.org_id = o.org_id and p.work_order_no = o.work_order_no and p.seq < o.seq
                          order by p.seq desc limit 1) p on true
       where o.org_id = $1 and w.status in ('released', 'in-progress') and o.status <> 'done'
         and o.seq < (select max(m.seq) from ${s}.work_order_operations m
                      where m.org_id = o.org_id and m.work_order_no = o.work_order_no))
     select no, seq, workshop, late from c where room >= $2 order by n, workshop limit $3`,
    [server.loadConfig({}).orgId, MIN_ROOM, YEAR_OPERATIONS],
  );
  const tokens = new Map<string, string>();
  const operations: Operation[] = [];
  for (const r of rows) {
    const user = server.DEMO_USERS.find(
      (u) => u.roles.includes('operator') && u.workshops.includes(r.workshop),
    )?.id;
    if (!user) throw new Error(`no demo operator works in ${r.workshop}`);
    if (!tokens.has(user)) tokens.set(user, await signIn(url, user));
    operations.push({ no: r.no, seq: r.seq, token: tokens.get(user)! });
  }
  return { operations, late: rows.filter((r) => r.late).length };
}

async function measureCase(
  label: string,
  options: ChildOptions,
  client: pg.Client,
  pick: (url: string) => Promise<{ operations: Operation[]; late: number; room: number }>,
  log: (line: string) => void,
): Promise<CaseResult> {
  const child = await startChild(options, log);
  try {
    const { operations, late, room } = await pick(child.url);
    if (operations.length === 0) throw new Error(`${label}: no operation can take a report`);
    log(
      `scale-write: ${label}, ${operations.length} operations, warm-up ${formatCount(WARMUP_REQUESTS)} reports`,
    );
    const requests = () => reportRequestsTo(operations);
    const warmup = await cannon({
      url: child.url,
      connections: CONNECTIONS,
      amount: WARMUP_REQUESTS,
      requests: requests(),
    });
    const amount = Math.max(CONNECTIONS * 20, Math.round(warmup.perSecond * RUN_SECONDS));
    if (amount + WARMUP_REQUESTS > room)
      throw new Error(`${label}: ${amount} reports would overrun the room left`);

    const before = await stored(client, options.schema!, operations);
    const statementsBefore = (await child.count(['-'], 0)).statements;
    const serverBefore = cpuMs(child.pid);
    const backendsBefore = await backendCpu(client);
    const loadAverage = loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');
    log(
      `scale-write: ${label} run, ${formatCount(amount)} reports at ${CONNECTIONS} connections (load ${loadAverage})`,
    );
    if (PROFILE_DIR) await child.profile('start');
    const run = await cannon({ url: child.url, connections: CONNECTIONS, amount, requests: requests() });
    if (PROFILE_DIR)
      await child.profile('stop', join(PROFILE_DIR, `scale-write-${options.schema}.cpuprofile`));
    const serverCpuMs = cpuMs(child.pid) - serverBefore;
    const backendsAfter = await backendCpu(client);
    const statements = (await child.count(['-'], 0)).statements - statementsBefore;
    // A backend that started during the run counts from 0; one that ended is lost (the pool keeps them).
    let databaseCpuMs = 0;
    for (const [pid, ms] of backendsAfter) databaseCpuMs += ms - (backendsBefore.get(pid) ?? 0);
    const after = await stored(client, options.schema!, operations);
    const result: CaseResult = {
      label,
      operations: operations.length,
      late,
      warmup,
      run,
      stored: {
        reports: after.reports - before.reports,
        keys: after.keys - before.keys,
        good: after.good - before.good,
      },
      serverCpuMs,
      databaseCpuMs,
      backends: backendsAfter.size,
      statements,
      loadAverage,
    };
    log(
      `scale-write: ${label} ${run.perSecond.toFixed(0)}/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
        `CPU ${formatMs(perReport(result))} a report (server ${formatMs(serverCpuMs / run.ok)}, ` +
        `database ${formatMs(databaseCpuMs / run.ok)}), ${(statements / run.ok).toFixed(2)} statements a report, ${run.non2xx} non-2xx`,
    );
    return result;
  } finally {
    // close() kills the process when it does not stop in time: the figures stand either way.
    await child.close().catch((error: unknown) => log(`scale-write: ${label}: ${String(error)}`));
  }
}

const perReport = (r: CaseResult) => (r.serverCpuMs + r.databaseCpuMs) / r.run.ok;
const consistent = (r: CaseResult) =>
  r.stored.reports === r.run.ok && r.stored.keys === r.run.ok && r.stored.good === r.run.ok;

function render(empty: CaseResult, year: CaseResult): { markdown: string; goals: GoalCheck[] } {
  const ratio = year.run.p99 / empty.run.p99;
  const cases = [empty, year];
  const row = (name: string, f: (r: CaseResult) => string) => [name, ...cases.map(f)];
  const markdown = [
    `### The write path after a year: \`POST …/reports\` at ${CONNECTIONS} connections`,
    '',
    table(
      ['', ...cases.map((c) => c.label)],
      [
        row('reports/s', (r) => formatCount(r.run.perSecond)),
        row(
          'latency p50 / p90 / p99 / max',
          (r) => `${r.run.p50} / ${r.run.p90} / ${r.run.p99} / ${r.run.max} ms`,
        ),
        row(
          'CPU per report: server + database',
          (r) =>
            `${formatMs(perReport(r))} = ${formatMs(r.serverCpuMs / r.run.ok)} + ${formatMs(r.databaseCpuMs / r.run.ok)} (${r.backends} backends)`,
        ),
        row('statements to PostgreSQL per report', (r) => (r.statements / r.run.ok).toFixed(2)),
        row(
          '2xx / non-2xx / errors',
          (r) =>
            `${formatCount(r.run.ok)} / ${r.run.non2xx}${r.run.non2xx ? ` (${r.run.statuses})` : ''} / ${r.run.errors}`,
        ),
        row(
          'answer check: reports, keys, pieces stored',
          (r) => `${mark(consistent(r))} +${r.stored.reports}, +${r.stored.keys}, +${r.stored.good}`,
        ),
        row('operations reported on (past planned end)', (r) => `${r.operations} (${r.late})`),
        row('warm-up (not counted)', (r) => `${formatCount(r.warmup.ok)}, p99 ${r.warmup.p99} ms`),
        row('load average 1 / 5 / 15 min at the start', (r) => r.loadAverage),
      ],
    ),
    '',
    `Year p99 ÷ empty p99: ${ratio.toFixed(2)} (goal ≤ ${P99_RATIO_GOAL}). The server's sources in a child process (workers ${WORKERS ? 'on' : 'off'}), autocannon here; 1 good piece a request, a fresh Idempotency-Key each, round-robin over the operations; the run sized from the warm-up's rate to about ${RUN_SECONDS} s. CPU: /proc/<pid>/stat of the server process and of this database's client backends, over the run, ÷ 2xx answers.`,
  ].join('\n');
  const goals: GoalCheck[] = [
    {
      goal: `report p99 at ${CONNECTIONS} connections, a year vs empty (PostgreSQL)`,
      target: `≤ ${P99_RATIO_GOAL}× empty`,
      measured: `${year.run.p99} ms vs ${empty.run.p99} ms (${ratio.toFixed(2)}×)`,
      pass: ratio <= P99_RATIO_GOAL && consistent(year) && year.run.non2xx === 0,
    },
    {
      goal: 'CPU per report after a year (server + PostgreSQL backends)',
      target: `≤ ${CPU_GOAL_MS} ms`,
      measured: formatMs(perReport(year)),
      pass: perReport(year) <= CPU_GOAL_MS && consistent(year),
    },
  ];
  return { markdown, goals };
}

export async function measureWritesAtScale(
  context: ScaleWriteContext,
  only?: 'empty' | 'year',
): Promise<{ markdown: string; goals: GoalCheck[] } | null> {
  const { url, schema, log } = context;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const emptySchema = benchSchema();
  try {
    const empty = () =>
      measureCase(
        'empty (demo plant)',
        { backend: 'postgres', pgUrl: url, schema: emptySchema, sources: true, workers: WORKERS },
        client,
        async (childUrl) => {
          const targets = await prepareTargets(childUrl, server.DEMO_USERS, log);
          const operations = targets.workOrders.map((no) => ({ no, seq: targets.seq, token: targets.token }));
          // prepareTargets' work orders: 2,000 pieces each, nothing reported yet.
          return { operations, late: 0, room: operations.length * 2_000 };
        },
        log,
      );
    const year = () =>
      measureCase(
        'a year',
        { backend: 'postgres', pgUrl: url, schema, sources: true, keepSchema: true, workers: WORKERS },
        client,
        async (childUrl) => {
          const picked = await yearOperations(client, schema, childUrl);
          return { ...picked, room: picked.operations.length * MIN_ROOM };
        },
        log,
      );
    // One case alone: its log line is the result.
    if (only === 'empty') await empty();
    if (only === 'year') await year();
    if (only) return null;
    return render(await empty(), await year());
  } finally {
    await client.query(`drop schema if exists "${emptySchema}" cascade`).catch(() => {});
    await client.end();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await measureWritesAtScale(
    {
      url: BENCH_PG_URL,
      schema: process.argv[2] ?? 'public',
      log: (line) => console.log(line),
    },
    ONLY_CASE === 'empty' || ONLY_CASE === 'year' ? ONLY_CASE : undefined,
  );
  console.log(result?.markdown);
  for (const g of result?.goals ?? [])
    console.log(`${mark(g.pass)} ${g.goal}: ${g.measured} (goal ${g.target})`);
}
