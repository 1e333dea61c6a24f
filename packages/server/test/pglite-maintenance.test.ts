import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import {
  ANALYZE_BASE,
  ANALYZE_SCALE,
  createPgliteMaintenanceWorker,
  dueSteps,
  MAINTENANCE_CHECK_MS,
  RETRY_FAILED_MS,
  type Step,
  type TableState,
  VACUUM_BASE,
  VACUUM_INSERT_BASE,
  VACUUM_INSERT_SCALE,
  VACUUM_SCALE,
} from '../src/db/pglite-maintenance.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** autovacuum's rule as PostgreSQL documents it (reltuples -1 counts as 0), for a table whose counters are whole. */
function autovacuumSteps(t: TableState): Step[] {
  const n = Math.max(t.reltuples, 0);
  const steps: Step[] = [];
  if (t.modSinceAnalyze > ANALYZE_BASE + ANALYZE_SCALE * n) steps.push('analyze');
  if (
    t.deadTuples > VACUUM_BASE + VACUUM_SCALE * n ||
    t.insSinceVacuum > VACUUM_INSERT_BASE + VACUUM_INSERT_SCALE * n
  )
    steps.push('vacuum');
  return steps;
}

const counter = fc.integer({ min: 0, max: 5_000_000 });
const analyzed = fc
  .record({
    reltuples: fc.integer({ min: 1, max: 5_000_000 }),
    relpages: fc.integer({ min: 1, max: 50_000 }),
  })
  .chain(({ reltuples, relpages }) =>
    fc.record({
      reltuples: fc.constant(reltuples),
      relpages: fc.constant(relpages),
      relallvisible: fc.integer({ min: 0, max: relpages }),
      pages: fc.integer({ min: 0, max: 100_000 }),
      modSinceAnalyze: counter,
      deadTuples: counter,
      insSinceVacuum: counter,
      xidAge: fc.integer({ min: 0, max: 100_000_000 }),
    }),
  );

describe('dueSteps: which maintenance a table is due', () => {
  it("is autovacuum's rule when the file has not grown since the last ANALYZE/VACUUM", () => {
    fc.assert(
      fc.property(analyzed, (t) => {
        const still = { ...t, pages: t.relpages, relallvisible: t.relpages };
        expect(dueSteps(still)).toEqual(autovacuumSteps(still));
      }),
      { numRuns: 2000 },
    );
  });

  it('never asks less than autovacuum would: lost counters only add steps (growth of the file)', () => {
    fc.assert(
      fc.property(analyzed, (t) => {
        const due = dueSteps(t);
        for (const step of autovacuumSteps(t)) expect(due).toContain(step);
      }),
      { numRuns: 2000 },
    );
  });

  it('analyzes a table never analyzed that has pages, and leaves an empty one alone', () => {
    const never = {
      reltuples: -1,
      relpages: 0,
      relallvisible: 0,
      modSinceAnalyze: 0,
      deadTuples: 0,
      insSinceVacuum: 0,
      xidAge: 0,
    };
    expect(dueSteps({ ...never, pages: 3 })).toContain('analyze');
    expect(dueSteps({ ...never, pages: 0 })).toEqual([]);
  });

  it('sees a table that grew by more than a tenth while its counters were lost in a restart', () => {
    const base = {
      reltuples: 10_000,
      relpages: 100,
      relallvisible: 100,
      modSinceAnalyze: 0,
      deadTuples: 0,
      insSinceVacuum: 0,
      xidAge: 0,
    };
    // 12 pages more ≈ 1,100 rows beyond the last page: over 50 + 1,000.
    expect(dueSteps({ ...base, pages: 112 })).toContain('analyze');
    // 5 pages ≈ 400 rows: under.
    expect(dueSteps({ ...base, pages: 105 })).toEqual([]);
  });
});

describe('PGlite maintenance across a restart of the data folder', () => {
  it('finds the counters at zero after reopening, and still analyzes the table that grew', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-maintenance-'));
    try {
      let handle = await openDatabase({ dataDir: dir });
      const db = () => handle.db;
      await sql`create table grown (id int primary key, v text)`.execute(db());
      await sql`insert into grown select i, 'row ' || i from generate_series(1, 5000) i`.execute(db());
      await sql`select pg_stat_force_next_flush()`.execute(db());
      await sql`analyze grown`.execute(db());
      await sql`insert into grown select i, 'row ' || i from generate_series(5001, 10000) i`.execute(db());
      await sql`select pg_stat_force_next_flush()`.execute(db());
      await sql`select 1`.execute(db());
      const counters = sql<{
        n: number;
      }>`select n_mod_since_analyze::int as n from pg_stat_user_tables where relname = 'grown'`;
      expect((await counters.execute(db())).rows[0]!.n).toBe(5000);
      await handle.close();

      handle = await openDatabase({ dataDir: dir });
      expect((await counters.execute(db())).rows[0]!.n).toBe(0);
      const w = createPgliteMaintenanceWorker(
        { db: db(), dbKind: 'pglite', clock: { now: () => new Date(0) }, logger: pino({ level: 'silent' }) },
        { busyProbeMs: Number.POSITIVE_INFINITY },
      );
      for (let step = await w.tick(); step > 0; step = await w.tick());
      // ANALYZE ran again (a VACUUM alone would also count the rows): its time is back.
      const { rows } = await sql<{ reltuples: number; analyzed: boolean }>`
        select c.reltuples::float8 as reltuples, s.last_analyze is not null as analyzed
        from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname = 'grown'`.execute(
        db(),
      );
      expect(rows[0]).toEqual({ reltuples: 10_000, analyzed: true });
      await handle.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(backends())('PGlite maintenance worker on %s', (backend) => {
  let server: TestServer;
  const lines: { table?: string; step?: string; ms?: number; msg?: string; level?: number }[] = [];
  const logger = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  const tag = randomUUID().slice(0, 8);
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(() => server?.close());

  const worker = (slowStepMs?: number) =>
    createPgliteMaintenanceWorker(
      { ...server.deps, logger },
      // The connection's queue is tested on its own below; here a loaded machine must not look busy.
      { busyProbeMs: Number.POSITIVE_INFINITY, slowStepMs },
    );
  const db = () => server.database.db;
  /** PGlite reports a transaction's counters when idle at most every second: this makes the next one go out. */
  async function flushCounters() {
    await sql`select pg_stat_force_next_flush()`.execute(db());
    await sql`select 1`.execute(db());
  }
  async function fill(table: string, from: number, to: number) {
    await sql`insert into ${sql.id(table)} (id, v) select i, 'row ' || i from generate_series(${from}::int, ${to}::int) i`.execute(
      db(),
    );
  }
  async function create(name: string) {
    const table = `h1_${name}_${tag}`;
    await sql`create table ${sql.id(table)} (id int primary key, v text)`.execute(db());
    return table;
  }
  async function stateOf(table: string) {
    const { rows } = await sql<{ reltuples: number; relpages: number; relallvisible: number; stats: number }>`
      select reltuples::float8 as reltuples, relpages, relallvisible,
        (select count(*) from pg_stats where tablename = ${table})::int as stats
      from pg_class where relname = ${table}`.execute(db());
    return rows[0]!;
  }
  /** Runs the worker's queued steps one per beat until none is left; answers how many ran. */
  async function runDue(w: ReturnType<typeof worker>) {
    server.clock.advance(MAINTENANCE_CHECK_MS);
    let n = 0;
    for (let step = await w.tick(); step > 0; step = await w.tick()) n += step;
    return n;
  }

  if (backend === 'pglite') {
    it('gives a table filled after the start statistics and all-visible pages, one logged step per beat', async () => {
      const table = await create('filled');
      await fill(table, 1, 20_000);
      await flushCounters();
      expect(await stateOf(table)).toMatchObject({ reltuples: -1, stats: 0 });
      // Every step counts as quick: logged at debug (20), not info.
      const w = worker(Number.POSITIVE_INFINITY);
      lines.length = 0;
      expect(await runDue(w)).toBeGreaterThanOrEqual(2);
      const after = await stateOf(table);
      expect(after.reltuples).toBe(20_000);
      expect(after.stats).toBe(2);
      expect(after.relpages).toBeGreaterThan(0);
      expect(after.relallvisible).toBe(after.relpages);
      const mine = lines.filter((l) => l.table === table);
      expect(mine.map((l) => l.step)).toEqual(['analyze', 'vacuum']);
      for (const l of mine) expect(l.ms).toBeGreaterThanOrEqual(0);
      expect(mine.map((l) => l.level)).toEqual([20, 20]);
      // Within the minute nothing is looked at again.
      await fill(table, 20_001, 40_000);
      await flushCounters();
      expect(await w.tick()).toBe(0);
      expect((await stateOf(table)).reltuples).toBe(20_000);
      expect(await runDue(w)).toBeGreaterThanOrEqual(1);
      // ANALYZE samples 30,000 rows: an estimate.
      expect(Math.abs((await stateOf(table)).reltuples - 40_000)).toBeLessThan(400);
    });

    it('logs a step at info when it took at least the slow mark', async () => {
      const table = await create('slow');
      await fill(table, 1, 5_000);
      await flushCounters();
      lines.length = 0;
      await runDue(worker(0));
      const mine = lines.filter((l) => l.table === table);
      expect(mine.map((l) => [l.step, l.level])).toEqual([
        ['analyze', 30],
        ['vacuum', 30],
      ]);
    });

    it('leaves a table alone while fewer rows than 50 + 10 % changed, and analyzes it past that', async () => {
      const table = await create('below');
      await fill(table, 1, 10_000);
      // Counted before the ANALYZE, or they would be reported after it as changes since.
      await flushCounters();
      await sql`analyze ${sql.id(table)}`.execute(db());
      await sql`vacuum ${sql.id(table)}`.execute(db());
      const w = worker();
      await runDue(w);
      // 1,000 updated rows: not over 50 + 1,000.
      await sql`update ${sql.id(table)} set v = v || '!' where id <= 1000`.execute(db());
      await flushCounters();
      lines.length = 0;
      await runDue(w);
      expect(lines.filter((l) => l.table === table)).toEqual([]);
      await sql`update ${sql.id(table)} set v = v || '!' where id between 1001 and 1100`.execute(db());
      await flushCounters();
      await runDue(w);
      expect(lines.filter((l) => l.table === table).map((l) => l.step)).toContain('analyze');
    });

    it('still sees a table that doubled when the counters are lost (as at each start of PGlite)', async () => {
      const table = await create('reset');
      await fill(table, 1, 5_000);
      await flushCounters();
      await sql`analyze ${sql.id(table)}`.execute(db());
      await fill(table, 5_001, 10_000);
      await flushCounters();
      await sql`select pg_stat_reset()`.execute(db());
      await runDue(worker());
      expect(await stateOf(table)).toMatchObject({ reltuples: 10_000, stats: 2 });
      // By an ANALYZE (a VACUUM alone would also count the rows): pg_stat_reset() cleared its time.
      const { rows } = await sql<{ analyzed: boolean }>`
        select last_analyze is not null as analyzed from pg_stat_user_tables where relname = ${table}`.execute(
        db(),
      );
      expect(rows[0]!.analyzed).toBe(true);
    });

    it('logs a failing step and does not try it again before an hour has passed', async () => {
      const w = worker();
      await runDue(w);
      const table = await create('gone');
      await fill(table, 1, 5_000);
      await flushCounters();
      server.clock.advance(MAINTENANCE_CHECK_MS);
      lines.length = 0;
      expect(await w.tick()).toBe(1);
      await sql`drop table ${sql.id(table)}`.execute(db());
      expect(await w.tick()).toBe(0);
      expect(lines.map((l) => [l.table, l.step, l.msg])).toEqual([
        [table, 'analyze', 'pglite maintenance'],
        [table, 'vacuum', 'pglite maintenance step failed; tried again later'],
      ]);
      await sql`create table ${sql.id(table)} (id int primary key, v text)`.execute(db());
      await fill(table, 1, 5_000);
      await flushCounters();
      lines.length = 0;
      await runDue(w);
      expect(lines.filter((l) => l.table === table).map((l) => l.step)).toEqual(['analyze']);
      // An hour on, the VACUUM is tried again (and runs: the table is back).
      server.clock.advance(RETRY_FAILED_MS);
      lines.length = 0;
      await runDue(w);
      expect(lines.filter((l) => l.table === table).map((l) => [l.step, l.msg])).toContainEqual([
        'vacuum',
        'pglite maintenance',
      ]);
    });

    it('waits a beat while requests are queued on the connection, then runs', async () => {
      const table = await create('busy');
      await fill(table, 1, 5_000);
      await flushCounters();
      const w = createPgliteMaintenanceWorker({ ...server.deps, logger }, { busyProbeMs: 50 });
      server.clock.advance(MAINTENANCE_CHECK_MS);
      const queued = sql`select pg_sleep(0.3)`.execute(db());
      expect(await w.tick()).toBe(0);
      await queued;
      expect(await stateOf(table)).toMatchObject({ reltuples: -1 });
      for (let step = await w.tick(); step > 0; step = await w.tick());
      expect(await stateOf(table)).toMatchObject({ reltuples: 5_000 });
    });
  } else {
    it('does nothing on PostgreSQL: autovacuum does it', async () => {
      const table = await create('pg');
      await fill(table, 1, 20_000);
      const w = worker();
      lines.length = 0;
      for (let i = 0; i < 3; i++) {
        server.clock.advance(MAINTENANCE_CHECK_MS);
        expect(await w.tick()).toBe(0);
      }
      expect(lines).toEqual([]);
    });
  }
});
