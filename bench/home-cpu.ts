/**
 * Server CPU of the app's home request (GET /work-orders?view=home) under 20 concurrent users,
 * against the server's sources in a child process on the database SHOPFLOOR_BENCH_PG_URL names
 * (a copy of the year). HOME_CPU_PROF=<dir> adds --cpu-prof to the child (profile on exit).
 * Prints CPU per request (the server's user + system time, and the PostgreSQL backends' of its
 * connections), p50/p95 and a hash of the answers (same answers before/after a change).
 * Usage: SHOPFLOOR_BENCH_PG_URL=postgres://…/year_x node --import tsx bench/home-cpu.ts [rounds]
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Getter, getter, quantile, signIn } from './scale.js';

const url = process.env.SHOPFLOOR_BENCH_PG_URL;
if (!url) throw new Error('SHOPFLOOR_BENCH_PG_URL names the copy to measure');
const rounds = Number(process.argv[2] ?? 10);
const USERS = 20;
const PATH = process.env.HOME_CPU_PATH ?? '/work-orders?workshop=WS-ASM&limit=50&view=home';
const prof = process.env.HOME_CPU_PROF;

/** utime and stime of a process in milliseconds (Linux: /proc/<pid>/stat counts ticks of 1/100 s). */
function processCpu(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** CPU of the PostgreSQL backends serving the child (same host: their /proc), by pid. */
async function backendsCpu(): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()",
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const { user, system } = processCpu(pid);
      cpu.set(pid, user + system);
    } catch {
      // A backend that ended between the list and the read.
    }
  }
  return cpu;
}

const child = fork(fileURLToPath(new URL('./scale-child.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
  env: {
    ...process.env,
    SHOPFLOOR_SCALE_CHILD: JSON.stringify({ url, schema: process.env.SHOPFLOOR_SCALE_SCHEMA ?? 'public' }),
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const childUrl = await new Promise<string>((resolve, reject) => {
  child.once('message', (m) => resolve((m as { url: string }).url));
  child.once('exit', (code) => reject(new Error(`the server child exited with ${code}`)));
});
const users: Getter[] = [];
for (const u of ['demo-operator', 'demo-operator-2', 'demo-operator-3', 'demo-operator-4', 'demo-painter'])
  users.push(getter(childUrl, await signIn(childUrl, u)));
// Answers of each user (and of each user's own workshops unfiltered): compared across builds.
const hash = createHash('sha256');
for (const get of users) {
  hash.update(JSON.stringify(await get(PATH)));
  hash.update(JSON.stringify(await get('/work-orders?limit=50&view=home')));
  hash.update(JSON.stringify(await get('/work-orders?status=released&limit=20&view=home')));
}
// Warm the JIT and the BOM graph: not timed.
for (let i = 0; i < 3; i++) for (const get of users) await get(PATH);
const times: number[] = [];
const cpuBefore = processCpu(child.pid!);
const pgBefore = await backendsCpu();
const started = performance.now();
await Promise.all(
  Array.from({ length: USERS }, async (_, u) => {
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await users[u % users.length]!(PATH);
      times.push(performance.now() - t);
    }
  }),
);
const wall = performance.now() - started;
const cpuAfter = processCpu(child.pid!);
const user = (cpuAfter.user - cpuBefore.user) / times.length;
const system = (cpuAfter.system - cpuBefore.system) / times.length;
let pgCpu = 0;
for (const [pid, ms] of await backendsCpu()) pgCpu += ms - (pgBefore.get(pid) ?? 0);
await admin.end();
times.sort((a, b) => a - b);
console.log(
  `home × ${USERS} users, ${times.length} requests: server CPU ${(user + system).toFixed(2)} ms each (user ${user.toFixed(2)}, system ${system.toFixed(2)}), PostgreSQL ${(pgCpu / times.length).toFixed(2)} ms, p50 ${quantile(times, 0.5).toFixed(0)} ms p95 ${quantile(times, 0.95).toFixed(0)} ms, ${(times.length / (wall / 1000)).toFixed(0)}/s; answers ${hash.digest('hex').slice(0, 16)}; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
child.send('close');
await new Promise((resolve) => child.once('exit', resolve));
