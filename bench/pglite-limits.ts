/**
 * PGlite's limits (issue 14): data folders holding the demo plant plus 0, 10 % and 30 % of a year of
 * a 500-person plant (the scale generator: 100k / 300k reports, 200k / 600k movements and the rest
 * in proportion), each bulk-written in SQL. Per folder: size on disk, and in a fresh Node process
 * (so the bench's own heap is not counted) the start — open + migrations check — and the RSS after
 * it and after reading the whole ledger once. A year (1 M reports, 2 M movements) is extrapolated
 * linearly from the two filled folders, and said to be. When PostgreSQL answers, the largest folder
 * is also moved with `moveToPostgres` into a throwaway schema: how long the move takes.
 *
 * `node --import tsx bench/pglite-limits.ts --child <folder>` is the fresh process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fractionOfYear, seedScale } from '../packages/server/src/demo/scale/index.js';
import * as server from '../packages/server/src/index.js';
import { BENCH_PG_URL, benchSchema, probePostgres, shownPgUrl } from './backends.js';
import { type BenchSection, formatBytes, formatCount, formatMs, table } from './report.js';

/** Shares of a year: 0 is the demo plant alone. */
const SHARES = [0, 0.1, 0.3];
const NOW = new Date('2026-11-25T09:00:00+08:00');
const config = () =>
  server.loadConfig({ SHOPFLOOR_DEMO: 'on', SHOPFLOOR_LOG_LEVEL: 'silent', SHOPFLOOR_DATA_DIR: 'unused' });

interface Started {
  openMs: number;
  migrationsCheckMs: number;
  rssAfterStart: number;
  ledgerScanMs: number;
  rssAfterScan: number;
  /** A backup's copy of the folder (dumpDataDir, uncompressed): requests wait while it runs. */
  dumpMs: number;
  rssAfterDump: number;
}

interface Step extends Started {
  share: number;
  reports: number;
  movements: number;
  fillSeconds: number;
  bytes: number;
}

async function fill(dataDir: string, share: number, log: (m: string) => void) {
  const handle = await server.openDatabase({ dataDir });
  try {
    await server.prepareDatabase(handle.db, config());
    await server.seedDemoFactory(handle.db, config(), { now: () => NOW });
    if (share > 0) {
      await seedScale(handle.db, { orgId: 'demo', size: fractionOfYear(share), now: NOW, log });
    }
    const count = async (table: 'operation_reports' | 'stock_movements') =>
      Number(
        (
          await handle.db
            .selectFrom(table)
            .select((e) => e.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { reports: await count('operation_reports'), movements: await count('stock_movements') };
  } finally {
    await handle.close();
  }
}

/** What the server does on start with a folder: open it, then prepareDatabase (migrations check). */
async function child(dataDir: string): Promise<void> {
  const opened = performance.now();
  const handle = await server.openDatabase({ dataDir });
  const openMs = performance.now() - opened;
  const prepared = performance.now();
  await server.prepareDatabase(handle.db, config());
  const migrationsCheckMs = performance.now() - prepared;
  const rssAfterStart = process.memoryUsage().rss;
  const scanned = performance.now();
  await handle.db
    .selectFrom('stock_movements')
    .select(['item', (e) => e.fn.sum<string>('qty').as('qty')])
    .groupBy('item')
    .execute();
  const ledgerScanMs = performance.now() - scanned;
  const rssAfterScan = process.memoryUsage().rss;
  await handle.close();
  const pglite = await PGlite.create(dataDir);
  const dumped = performance.now();
  const tar = await pglite.dumpDataDir('none');
  const dumpMs = performance.now() - dumped;
  const rssAfterDump = process.memoryUsage().rss;
  if (tar.size === 0) throw new Error(`dumpDataDir of ${dataDir} gave nothing`);
  await pglite.close();
  const result: Started = {
    openMs,
    migrationsCheckMs,
    rssAfterStart,
    ledgerScanMs,
    rssAfterScan,
    dumpMs,
    rssAfterDump,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function startInFreshProcess(dataDir: string): Promise<Started> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dataDir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!))
        : reject(new Error(`child exited ${code}`)),
    );
  });
}

/** The machine is shared: each figure is the median of three fresh starts. */
async function medianStart(dataDir: string): Promise<Started> {
  const runs: Started[] = [];
  for (let i = 0; i < 3; i++) runs.push(await startInFreshProcess(dataDir));
  const median = (key: keyof Started) => runs.map((r) => r[key]).sort((a, b) => a - b)[1]!;
  return {
    openMs: median('openMs'),
    migrationsCheckMs: median('migrationsCheckMs'),
    rssAfterStart: median('rssAfterStart'),
    ledgerScanMs: median('ledgerScanMs'),
    rssAfterScan: median('rssAfterScan'),
    dumpMs: median('dumpMs'),
    rssAfterDump: median('rssAfterDump'),
  };
}

export const diskBytes = (dir: string) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);

/**
 * y at x = 1 on the line through the two largest measured steps, never below the largest measured
 * value: a figure that did not grow with the data (start, RSS) is not extrapolated downwards.
 */
function atYear(steps: Step[], value: (s: Step) => number): number {
  const [a, b] = steps.slice(-2) as [Step, Step];
  const linear = value(b) + ((value(b) - value(a)) / (b.share - a.share)) * (1 - b.share);
  return Math.max(linear, ...steps.map(value));
}

async function moveLargest(dataDir: string, log: (m: string) => void): Promise<string> {
  const unreachable = await probePostgres();
  if (unreachable) return `not measured: ${unreachable}`;
  const schema = benchSchema();
  try {
    const moved = await server.backups.moveToPostgres({
      dataDir,
      url: BENCH_PG_URL,
      schema,
      onProgress: log,
    });
    return `${formatCount(moved.rows)} rows in ${moved.tables.length} tables moved into PostgreSQL (${shownPgUrl()}) and checked in ${moved.seconds.toFixed(1)} s`;
  } finally {
    const client = new pg.Client({ connectionString: BENCH_PG_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
}

export const pgliteSection: BenchSection = {
  name: 'pglite',
  title: "PGlite's limits: size, start and memory as a year's data grows",
  async run(log) {
    const steps: Step[] = [];
    const folders: string[] = [];
    let move = '';
    try {
      for (const share of SHARES) {
        const dataDir = join(mkdtempSync(join(tmpdir(), 'shopfloor-bench-pglite-')), 'data');
        folders.push(dataDir);
        log(`pglite: filling ${share * 100} % of a year`);
        const filled = performance.now();
        const counts = await fill(dataDir, share, (m) => log(`pglite: ${m}`));
        const fillSeconds = (performance.now() - filled) / 1000;
        const started = await medianStart(dataDir);
        steps.push({ share, ...counts, fillSeconds, bytes: diskBytes(dataDir), ...started });
        log(
          `pglite: ${counts.reports} reports, ${formatBytes(diskBytes(dataDir))}, start ${formatMs(started.openMs + started.migrationsCheckMs)}`,
        );
      }
      move = await moveLargest(folders.at(-1)!, (m) => log(`pglite move: ${m}`));
    } finally {
      for (const folder of folders) rmSync(join(folder, '..'), { recursive: true, force: true });
    }
    const year = {
      bytes: atYear(steps, (s) => s.bytes),
      start: atYear(steps, (s) => s.openMs + s.migrationsCheckMs),
      rssStart: atYear(steps, (s) => s.rssAfterStart),
      rssScan: atYear(steps, (s) => s.rssAfterScan),
      scan: atYear(steps, (s) => s.ledgerScanMs),
      dump: atYear(steps, (s) => s.dumpMs),
      rssDump: atYear(steps, (s) => s.rssAfterDump),
    };
    const rows = steps.map((s) => [
      s.share === 0 ? 'demo plant only' : `${s.share * 100} % of a year`,
      formatCount(s.reports),
      formatCount(s.movements),
      formatBytes(s.bytes),
      formatMs(s.openMs),
      formatMs(s.migrationsCheckMs),
      formatBytes(s.rssAfterStart),
      formatMs(s.ledgerScanMs),
      formatBytes(s.rssAfterScan),
      formatMs(s.dumpMs),
      formatBytes(s.rssAfterDump),
      `${s.fillSeconds.toFixed(0)} s`,
    ]);
    rows.push([
      '**a year (extrapolated)**',
      '1 M',
      '2 M',
      formatBytes(year.bytes),
      formatMs(year.start),
      '(in start)',
      formatBytes(year.rssStart),
      formatMs(year.scan),
      formatBytes(year.rssScan),
      formatMs(year.dump),
      formatBytes(year.rssDump),
      '',
    ]);
    const markdown = [
      'Data folders with the demo plant plus a share of a year of a 500-person plant (the scale',
      "generator's rows: reports, movements, work orders, lots, genealogy, alerts in proportion), bulk-written in SQL.",
      "Start = open the folder + the migrations check, in a fresh Node process; RSS is that process's;",
      'ledger scan = one pass over every movement (sum per item); backup copy = `dumpDataDir` of the folder, the part',
      'of a PGlite backup during which requests wait (the tar is held in memory). The year row is **extrapolated**',
      'linearly from the 10 % and 30 % folders (not below the largest measured figure), not measured.',
      '',
      table(
        [
          'data',
          'reports',
          'movements',
          'on disk',
          'open',
          'migrations check',
          'RSS after start',
          'ledger scan',
          'RSS after scan',
          'backup copy',
          'RSS after it',
          'fill',
        ],
        rows,
      ),
      '',
      `Move to PostgreSQL (\`shopfloor move-to-postgres\`) of the 30 % folder: ${move}.`,
    ].join('\n');
    return {
      markdown,
      goals: [],
      summary: [
        `PGlite, a year extrapolated: ${formatBytes(year.bytes)} on disk, start ${formatMs(year.start)}, RSS ${formatBytes(year.rssScan)} after a ledger scan, backup copy ${formatMs(year.dump)} (RSS ${formatBytes(year.rssDump)})`,
        `move-to-postgres of 30 % of a year: ${move}`,
      ],
    };
  },
};

if (process.argv[2] === '--child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  await child(process.argv[3]!);
}
