import { sql } from 'kysely';
import type { AppDeps } from '../deps.js';
import type { Worker } from '../shared/worker.js';

/** How often the tables are looked at (the steps found due then run one per beat). */
export const MAINTENANCE_CHECK_MS = 60_000;
/** A `select 1` answered slower than this means requests were queued ahead of it: the step waits a beat. */
export const BUSY_PROBE_MS = 20;
/** Beats skipped as busy in a row before a step runs anyway (a server never idle still gets its statistics). */
export const MAX_BUSY_SKIPS = 15;
/** A step that took this long is logged at info (it paused every request); quicker ones at debug. */
export const SLOW_STEP_MS = 100;

// PostgreSQL's autovacuum defaults (autovacuum_analyze_threshold / _scale_factor, …).
export const ANALYZE_BASE = 50;
export const ANALYZE_SCALE = 0.1;
export const VACUUM_BASE = 50;
export const VACUUM_SCALE = 0.2;
export const VACUUM_INSERT_BASE = 1000;
export const VACUUM_INSERT_SCALE = 0.2;
/** A failed step is tried again after this, then after twice as long each time it fails again, up to a day. */
export const RETRY_FAILED_MS = 3_600_000;
const RETRY_FAILED_MAX_MS = 86_400_000;
/** autovacuum_freeze_max_age: past it a table is vacuumed whatever its counters say (wraparound). */
export const FREEZE_MAX_AGE = 200_000_000;

/** What the maintenance decision reads of one table. */
export interface TableState {
  /** pg_class.reltuples at the last ANALYZE or VACUUM; -1 never. */
  reltuples: number;
  /** pg_class.relpages at the last ANALYZE or VACUUM. */
  relpages: number;
  /** pg_class.relallvisible: pages the visibility map marks all-visible. */
  relallvisible: number;
  /** Pages the table has now (its file size). */
  pages: number;
  /** pg_stat_user_tables counters: zero again after each restart (PGlite keeps them in memory only). */
  modSinceAnalyze: number;
  deadTuples: number;
  insSinceVacuum: number;
  /** age(relfrozenxid). */
  xidAge: number;
}

export type Step = 'analyze' | 'vacuum';

/**
 * The steps a table is due, analyze first, by autovacuum's rules. The counters start from zero at
 * each start of PGlite, so the growth of the file since the last ANALYZE/VACUUM (pages × rows per
 * page then) stands in for them when it says more: a table filled before a restart is still seen.
 */
export function dueSteps(t: TableState): Step[] {
  const tuples = Math.max(t.reltuples, 0);
  const never = t.reltuples < 0 || t.relpages === 0;
  const perPage = never ? 0 : t.reltuples / t.relpages;
  // One page less: the last page is part-filled, and a small table's one new page is few rows.
  const grown = Math.max(Math.abs(t.pages - t.relpages) - 1, 0) * perPage;
  const notVisible = Math.max(t.pages - t.relallvisible - 1, 0) * perPage;
  const steps: Step[] = [];
  const changed = Math.max(t.modSinceAnalyze, grown);
  if ((never && t.pages > 0) || changed > ANALYZE_BASE + ANALYZE_SCALE * tuples) steps.push('analyze');
  if (
    t.deadTuples > VACUUM_BASE + VACUUM_SCALE * tuples ||
    Math.max(t.insSinceVacuum, notVisible) > VACUUM_INSERT_BASE + VACUUM_INSERT_SCALE * tuples ||
    t.xidAge > FREEZE_MAX_AGE
  )
    steps.push('vacuum');
  return steps;
}

interface Row {
  table: string;
  reltuples: number;
  relpages: number;
  relallvisible: number;
  pages: number;
  mod_since_analyze: number;
  dead: number;
  ins_since_vacuum: number;
  xid_age: number;
}

/**
 * PGlite runs no autovacuum: without this, tables filled after the start are planned on no or
 * stale statistics and their pages never become all-visible (docs/scale.md, "PGlite maintenance").
 * Every MAINTENANCE_CHECK_MS it reads the tables of the current schema and queues the steps due;
 * each beat runs at most one (one ANALYZE or one VACUUM of one table: PGlite has one connection,
 * every request waits behind it), and none while requests were queued. On PostgreSQL autovacuum
 * does this: the worker does nothing. Answers the steps it ran.
 */
export function createPgliteMaintenanceWorker(
  deps: Pick<AppDeps, 'db' | 'dbKind' | 'clock' | 'logger'>,
  options: { busyProbeMs?: number; slowStepMs?: number } = {},
): Worker {
  const busyProbeMs = options.busyProbeMs ?? BUSY_PROBE_MS;
  const slowStepMs = options.slowStepMs ?? SLOW_STEP_MS;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let queue: { table: string; step: Step }[] = [];
  let busySkips = 0;
  /** Steps that failed (`step table`): left alone until `at` (epoch ms), `wait` longer each failure. */
  const failed = new Map<string, { at: number; wait: number }>();

  async function check(): Promise<void> {
    const { rows } = await sql<Row>`
      select c.relname as "table", c.reltuples::float8 as reltuples, c.relpages, c.relallvisible,
        (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages,
        coalesce(s.n_mod_since_analyze, 0)::float8 as mod_since_analyze,
        coalesce(s.n_dead_tup, 0)::float8 as dead,
        coalesce(s.n_ins_since_vacuum, 0)::float8 as ins_since_vacuum,
        age(c.relfrozenxid)::float8 as xid_age
      from pg_class c
      left join pg_stat_user_tables s on s.relid = c.oid
      where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'm')
      order by c.relname`.execute(deps.db);
    const analyze: string[] = [];
    const vacuum: string[] = [];
    for (const r of rows) {
      const steps = dueSteps({
        reltuples: r.reltuples,
        relpages: r.relpages,
        relallvisible: r.relallvisible,
        pages: r.pages,
        modSinceAnalyze: r.mod_since_analyze,
        deadTuples: r.dead,
        insSinceVacuum: r.ins_since_vacuum,
        xidAge: r.xid_age,
      });
      for (const step of steps) {
        const fail = failed.get(`${step} ${r.table}`);
        if (fail && deps.clock.now().getTime() < fail.at) continue;
        (step === 'analyze' ? analyze : vacuum).push(r.table);
      }
    }
    // Statistics first: a plan on none is what costs seconds; all-visible pages only save reads.
    queue = [
      ...analyze.map((table) => ({ table, step: 'analyze' as const })),
      ...vacuum.map((table) => ({ table, step: 'vacuum' as const })),
    ];
  }

  /** True when a trivial statement had to wait behind others: requests are queued on the connection. */
  async function busy(): Promise<boolean> {
    const started = performance.now();
    await sql`select 1`.execute(deps.db);
    return performance.now() - started > busyProbeMs;
  }

  return {
    name: 'pglite-maintenance',
    async tick() {
      if (deps.dbKind !== 'pglite') return 0;
      const now = deps.clock.now().getTime();
      // A clock set back (now before the last check) checks at once rather than wait for it again.
      if (queue.length === 0 && now >= checkedAt && now - checkedAt < MAINTENANCE_CHECK_MS) return 0;
      if (busySkips < MAX_BUSY_SKIPS && (await busy())) {
        busySkips++;
        return 0;
      }
      busySkips = 0;
      if (queue.length === 0) {
        checkedAt = now;
        await check();
        if (queue.length === 0) return 0;
      }
      const { table, step } = queue.shift()!;
      const started = performance.now();
      try {
        // Outside any transaction (VACUUM refuses one); plain VACUUM skips the pages already all-visible.
        if (step === 'analyze') await sql`analyze ${sql.id(table)}`.execute(deps.db);
        else await sql`vacuum ${sql.id(table)}`.execute(deps.db);
      } catch (err) {
        // Tried again after an hour, then two, four… up to a day: a VACUUM that fails on a page
        // (docs/scale.md) would fail each minute, a full disk may be freed.
        const key = `${step} ${table}`;
        const wait = Math.min((failed.get(key)?.wait ?? RETRY_FAILED_MS / 2) * 2, RETRY_FAILED_MAX_MS);
        failed.set(key, { at: deps.clock.now().getTime() + wait, wait });
        deps.logger.warn(
          { err, table, step, ms: Math.round(performance.now() - started), retryInMs: wait },
          'pglite maintenance step failed; tried again later',
        );
        return 0;
      }
      // Routine steps at debug: a fresh demo database is ~34 of them in its first minutes.
      const ms = Math.round(performance.now() - started);
      deps.logger[ms >= slowStepMs ? 'info' : 'debug']({ table, step, ms }, 'pglite maintenance');
      return 1;
    },
  };
}
