/**
 * Memory soak (issue 14): the server on a year of data (PostgreSQL), every background worker on,
 * under a moderate mixed load for SHOPFLOOR_SOAK_MINUTES (default 60). Every
 * SHOPFLOOR_SOAK_SAMPLE_SECONDS (default 30) it samples the server's RSS (/proc/<pid>/status VmRSS)
 * and, over IPC, its heap after a full GC; writes the samples to SHOPFLOOR_SOAK_CSV (default
 * bench/memory-soak.csv) and ends with the slope of each over the second half of the run (MiB per
 * hour, least squares) and the difference between the first and the last ten minutes.
 *
 * Not part of `pnpm bench` (an hour is too long). Run `pnpm build` first (the child runs the built
 * server), then: `node --import tsx bench/memory-soak.ts`. SHOPFLOOR_SOAK_DATABASE_URL names the
 * database (default postgres://postgres@127.0.0.1:5432/year_memory, seeded with a year, schema
 * public); it is written to. SHOPFLOOR_SOAK_SNAPSHOTS=1 writes heap snapshots of the server at a
 * quarter and at the end of the run (bench/memory-soak-<minute>.heapsnapshot) to compare.
 */
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  type Answer,
  type Call,
  countLoop,
  emptyMixRecord,
  type MixContext,
  reportLoop,
  requestLoop,
  sendJson,
  transferLoop,
} from '../packages/server/test/load-mix.js';
import type { SoakMessage, SoakRequest } from './memory-soak-child.js';
import { memoryVerdict, type Sample } from './memory-soak-stats.js';
import { type Getter, getter, once, type Route, routeParams, routes, signIn } from './scale.js';

const MINUTES = Number(process.env.SHOPFLOOR_SOAK_MINUTES ?? 60);
const SAMPLE_MS = Number(process.env.SHOPFLOOR_SOAK_SAMPLE_SECONDS ?? 30) * 1000;
const DATABASE_URL =
  process.env.SHOPFLOOR_SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/year_memory';
const CSV = process.env.SHOPFLOOR_SOAK_CSV ?? fileURLToPath(new URL('./memory-soak.csv', import.meta.url));
const SNAPSHOTS = process.env.SHOPFLOOR_SOAK_SNAPSHOTS === '1';
/** About 30 requests a second in all: the point is memory over time on a shared 2-core machine. */
const PACE = { reports: 300, requests: 1_000, transfers: 1_000, counts: 2_000 };
const READ_PAUSE_MS = 700;
const MIB = 1024 * 1024;

const log = (message: string) => console.info(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** User + system CPU seconds of a process so far (fields 14 and 15 of /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(new URL('./memory-soak-child.ts', import.meta.url)), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, SHOPFLOOR_SOAK_CHILD: JSON.stringify({ url: DATABASE_URL }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pid = child.pid!;
  const waiters: ((m: SoakMessage) => void)[] = [];
  child.on('message', (m: SoakMessage) => {
    if (m.type === 'error') log(`server child: ${m.message}`);
    else waiters.shift()?.(m);
  });
  const ask = (request: SoakRequest) =>
    new Promise<SoakMessage>((resolve) => {
      waiters.push(resolve);
      child.send(request);
    });
  const url = await new Promise<string>((resolve, reject) => {
    waiters.push((m) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(JSON.stringify(m)))));
    child.once('exit', (code) => reject(new Error(`the server child exited with ${code}`)));
  });
  log(`server pid ${pid} at ${url}, database ${DATABASE_URL}`);
  let closing = false;
  child.on('exit', (code) => {
    if (closing) return;
    log(`the server exited with ${code} during the run`);
    process.exit(1);
  });

  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  // A webhook receiver in this process: the sync worker delivers the load's events, as in production.
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));

  const users = [
    'demo-operator-2',
    'demo-operator-3',
    'demo-approver',
    'demo-storekeeper',
    'demo-planner',
    'demo-admin',
  ];
  const tokens = new Map<string, string>();
  for (const user of [...users, 'demo-operator']) tokens.set(user, await signIn(url, user));
  const tally = { requests: 0, serverErrors: 0, loopErrors: 0 };
  const call: Call = async (userId, method, path, body, options = {}) => {
    const res = await sendJson(url, tokens.get(userId), method, path, body, options.key);
    tally.requests++;
    if (res.status >= 500) tally.serverErrors++;
    return { status: res.status, json: res.json, replica: null } satisfies Answer;
  };
  const hook = await call('demo-admin', 'POST', '/sync/connectors', {
    kind: 'webhook',
    name: `内存测试 webhook ${new Date().toISOString()}`,
    config: {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      secret: 'soak-secret-0123456789',
    },
  });
  if (hook.status !== 201) throw new Error(`webhook connector: ${hook.status} ${JSON.stringify(hook.json)}`);

  // Reports go to every reportable operation of the year's open work orders in the operators'
  // workshops (about 1,600), not only the demo's few: an hour's reports spread over them.
  const operations = (
    await client.query<{ no: string; seq: number }>(
      `select o.work_order_no no, o.seq from work_order_operations o join work_orders w
         on w.org_id = o.org_id and w.no = o.work_order_no
       where w.status in ('in-progress', 'released') and o.workshop in ('WS-CUT', 'WS-MCH')
         and o.status in ('ready', 'in-progress') order by o.work_order_no, o.seq`,
    )
  ).rows;
  log(`reporting on ${operations.length} operations`);

  const startedAt = Date.now();
  const until = startedAt + MINUTES * 60_000;
  const running = () => Date.now() < until;
  const ctx: MixContext = {
    call,
    running,
    pace: PACE,
    operations,
    book: async (item, location) =>
      Number(
        (
          await client.query<{ qty: string }>(
            `select coalesce(sum(qty), 0) qty from stock_balances where org_id = 'demo' and item = $1 and location = $2`,
            [item, location],
          )
        ).rows[0]!.qty,
      ),
  };
  const record = emptyMixRecord();

  // Every screen and list the app and the console read, one after another: home, board, lists, traces.
  const readRoutes: Route[] = routes(await routeParams(client));
  const readers = new Map<string, Getter>();
  const readLoop = async () => {
    for (let i = 0; running(); i++) {
      const route = readRoutes[i % readRoutes.length]!;
      if (!readers.has(route.user)) readers.set(route.user, getter(url, await signIn(url, route.user)));
      await once(route, readers.get(route.user)!);
      tally.requests += typeof route.paths === 'function' ? 1 : route.paths.length;
      await pause(READ_PAUSE_MS);
    }
  };
  // A failing loop is logged and starts again: an hour's run should not end on one refused answer.
  const keepGoing = async (name: string, loop: () => Promise<void>) => {
    while (running()) {
      try {
        await loop();
      } catch (error) {
        tally.loopErrors++;
        // fetch's own message is only "fetch failed": the socket error is in its cause.
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        log(
          `${name}: ${(error as Error).message.slice(0, 300)}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
        );
        await pause(2_000);
      }
    }
  };

  const samples: Sample[] = [];
  const header =
    'minute,rss_mib,heap_used_mib,heap_total_mib,external_mib,array_buffers_mib,server_cpu_s,requests,load1';
  writeFileSync(CSV, `${header}\n`);
  const sample = async () => {
    const answer = await ask({ type: 'memory' });
    if (answer.type !== 'memory') throw new Error(JSON.stringify(answer));
    const u = answer.usage;
    const s: Sample = {
      minute: (Date.now() - startedAt) / 60_000,
      rss: rssMiB(pid),
      heapUsed: u.heapUsed / MIB,
      heapTotal: u.heapTotal / MIB,
      external: u.external / MIB,
      arrayBuffers: u.arrayBuffers / MIB,
      cpu: cpuSeconds(pid),
      requests: tally.requests,
      load1: loadavg()[0]!,
    };
    samples.push(s);
    writeFileSync(
      CSV,
      `${[s.minute, s.rss, s.heapUsed, s.heapTotal, s.external, s.arrayBuffers, s.cpu, s.requests, s.load1]
        .map((v, i) => (i === 7 ? String(v) : v.toFixed(2)))
        .join(',')}\n`,
      { flag: 'a' },
    );
    log(
      `${s.minute.toFixed(1)} min: RSS ${s.rss.toFixed(1)} MiB, heap after GC ${s.heapUsed.toFixed(1)} MiB${answer.gc ? '' : ' (no gc exposed)'}, ${tally.requests} requests, ${tally.serverErrors} 5xx, load ${s.load1.toFixed(2)}`,
    );
  };
  const snapshot = async (label: string) => {
    if (!SNAPSHOTS) return;
    const file = fileURLToPath(new URL(`./memory-soak-${label}.heapsnapshot`, import.meta.url));
    const answer = await ask({ type: 'snapshot', file });
    log(`heap snapshot ${JSON.stringify(answer)}`);
  };
  const sampler = (async () => {
    await sample();
    let snapped = false;
    while (running()) {
      await pause(Math.min(SAMPLE_MS, Math.max(0, until - Date.now())));
      await sample();
      if (!snapped && Date.now() - startedAt > (MINUTES * 60_000) / 4) {
        snapped = true;
        await snapshot('quarter');
      }
    }
  })();

  await Promise.all([
    keepGoing('reports A', () => reportLoop(ctx, record, 'demo-operator-2', 0)),
    keepGoing('reports B', () => reportLoop(ctx, record, 'demo-operator-3', 1)),
    keepGoing('issue requests', () => requestLoop(ctx, record)),
    keepGoing('transfers', () => transferLoop(ctx, record)),
    keepGoing('counts', () => countLoop(ctx, record)),
    keepGoing('reads', readLoop),
    sampler,
  ]);
  await snapshot('end');
  log(`load: ${JSON.stringify(record.seen)}, ${JSON.stringify(tally)}`);
  const verdict = memoryVerdict(samples, MINUTES);
  console.info(verdict.lines.join('\n'));
  // The receiver goes with this process: its connector goes too, or the next run's server retries it.
  await call('demo-admin', 'DELETE', `/sync/connectors/${String(hook.json.id)}`);
  closing = true;
  child.send({ type: 'close' } satisfies SoakRequest);
  // Closing waits for a worker's tick in flight; on a year of data one can run for minutes.
  const closed = await Promise.race([
    new Promise((r) => child.once('exit', () => r(true))),
    pause(60_000).then(() => false),
  ]);
  if (!closed) {
    log('the server did not close within 60 s (a worker tick in flight): killed');
    child.kill('SIGKILL');
  }
  receiver.close();
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
