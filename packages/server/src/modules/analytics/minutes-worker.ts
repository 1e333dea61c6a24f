import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import type { Worker } from '../../shared/worker.js';
import { calendarFingerprintSql, deriveOperations, type OperationKey } from './derive.js';

/** How often the server's worker follows new reports and calendar edits (the backfill runs every beat). */
export const TEAM_MINUTES_FOLLOW_MS = 30_000;
/** Operations measured per transaction: short transactions, so reports never wait long behind one. */
export const DERIVE_BATCH = 500;
/** Outbox ids read back on the first pass: reports committed while the watermark was taken. */
const FIRST_LOOKBACK = 1_000;
/**
 * How long an outbox id skipped over (a report still committing, or rolled back) is looked for
 * again. The answer measures live the operation of a report whose event is among them: a report
 * committing later than this after taking its id would be missed (the report statement runs in
 * milliseconds; rolled-back ones never come).
 */
const GAP_KEEP_MS = 24 * 3_600_000;
/** Gaps kept at most (the answer reads them with every request). */
const MAX_GAPS = 5_000;

interface Progress {
  event_id: string;
  gaps: string[];
  backfill_org: string | null;
  backfill_no: string | null;
  backfill_seq: number | null;
  backfilled: boolean;
  generation: number;
}

const byOrg = (rows: readonly { org_id: string; no: string; seq: number }[]) => {
  const out = new Map<string, Map<string, OperationKey>>();
  for (const r of rows) {
    let ops = out.get(r.org_id);
    if (!ops) {
      ops = new Map();
      out.set(r.org_id, ops);
    }
    ops.set(`${r.no}\u0000${r.seq}`, [r.no, r.seq]);
  }
  return out;
};

async function deriveAll(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  rows: readonly { org_id: string; no: string; seq: number }[],
): Promise<number> {
  let n = 0;
  for (const [orgId, ops] of byOrg(rows)) {
    const list = [...ops.values()];
    for (let i = 0; i < list.length; i += DERIVE_BATCH)
      n += await deriveOperations(db, deps, orgId, list.slice(i, i + DERIVE_BATCH));
  }
  return n;
}

async function progressOf(db: Db): Promise<Progress> {
  // The first pass: every report so far by the backfill, the later ones by their outbox events.
  await sql`
    insert into team_comparison_progress (id, event_id)
    select true, greatest(coalesce(max(id), 0) - ${FIRST_LOOKBACK}, 0) from outbox_events
    on conflict (id) do nothing`.execute(db);
  const { rows } = await sql<Progress>`
    select event_id::text as event_id, gaps::text[] as gaps, backfill_org, backfill_no, backfill_seq, backfilled, generation
    from team_comparison_progress`.execute(db);
  return rows[0]!;
}

/**
 * For a writer of reports without outbox events (the demo and scale seeds), in its transaction: the
 * backfill starts over, so until it is done the answer measures live what it has not measured again
 * (stored.ts, docs/team-comparison.md). No-op before the worker's first pass (that pass backfills them).
 */
export async function reopenTeamMinutesBackfill(db: Db): Promise<void> {
  await sql`
    update team_comparison_progress
    set backfilled = false, backfill_org = null, backfill_no = null, backfill_seq = null, generation = generation + 1`.execute(
    db,
  );
}

/** Moves the backfill on from the progress it read; false if a seed reopened it meanwhile (read again). */
async function advanceBackfill(
  db: Db,
  p: Progress,
  to: Pick<Progress, 'backfill_org' | 'backfill_no' | 'backfill_seq' | 'backfilled'>,
): Promise<boolean> {
  const { numAffectedRows } = await sql`
    update team_comparison_progress
    set backfill_org = ${to.backfill_org}, backfill_no = ${to.backfill_no}, backfill_seq = ${to.backfill_seq}, backfilled = ${to.backfilled}
    where generation = ${p.generation}`.execute(db);
  if (numAffectedRows === 0n) {
    Object.assign(p, await progressOf(db));
    return false;
  }
  Object.assign(p, to);
  return true;
}

/** The next batch of operations with reports, in key order after the cursor; answers how many reports it stored, or null when done. */
async function backfillBatch(db: Db, deps: Pick<AppDeps, 'config'>, p: Progress): Promise<number | null> {
  const after = sql`(${p.backfill_org ?? ''}, ${p.backfill_no ?? ''}, ${p.backfill_seq ?? 0})`;
  const { rows } = await sql<{ org_id: string; no: string; seq: number }>`
    select distinct org_id, work_order_no as no, seq from operation_reports
    where (org_id, work_order_no, seq) > ${after}
    order by org_id, work_order_no, seq
    limit ${DERIVE_BATCH}`.execute(db);
  if (rows.length === 0) {
    const done = {
      backfill_org: p.backfill_org,
      backfill_no: p.backfill_no,
      backfill_seq: p.backfill_seq,
      backfilled: true,
    };
    return (await advanceBackfill(db, p, done)) ? null : 0;
  }
  const n = await deriveAll(db, deps, rows);
  const last = rows.at(-1)!;
  await advanceBackfill(db, p, {
    backfill_org: last.org_id,
    backfill_no: last.no,
    backfill_seq: last.seq,
    backfilled: false,
  });
  return n;
}

/**
 * Fills team_comparison_minutes in the background (docs/team-comparison.md): first every operation
 * with reports (by a cursor), then the operations of new reports (by the outbox's
 * `operation-report.created` events, after a watermark), and the reports of a work center whose
 * calendar changed. The answer never depends on it being done: what is missing or stale is
 * measured live.
 */
export function createTeamMinutesWorker(
  deps: Pick<AppDeps, 'db' | 'config'>,
  options: { budgetMs?: number; followEveryMs?: number } = {},
): Worker {
  const budgetMs = options.budgetMs ?? 1_000;
  const followEveryMs = options.followEveryMs ?? 0;
  let followedAt = Number.NEGATIVE_INFINITY;
  /** When each gap was first missed (a new process starts the count again). */
  const firstMissed = new Map<string, number>();

  async function events(p: Progress): Promise<number> {
    const { rows } = await sql<{ id: string; topic: string; org_id: string; no: string; seq: number | null }>`
      select id::text as id, topic, org_id, aggregate_id as no, (payload->>'seq')::int as seq
      from outbox_events where id > ${p.event_id}::bigint order by id limit 2000`.execute(deps.db);
    const again =
      p.gaps.length > 0
        ? (
            await sql<{ id: string; topic: string; org_id: string; no: string; seq: number | null }>`
              select id::text as id, topic, org_id, aggregate_id as no, (payload->>'seq')::int as seq
              from outbox_events where id = any(${p.gaps}::bigint[])`.execute(deps.db)
          ).rows
        : [];
    if (rows.length === 0 && again.length === 0) {
      // Expiry only: gaps older than GAP_KEEP_MS are given up.
      const kept = p.gaps.filter((id) => Date.now() - (firstMissed.get(id) ?? Date.now()) <= GAP_KEEP_MS);
      if (kept.length === p.gaps.length) return 0;
      await saveEvents(p, p.event_id, kept);
      return 0;
    }
    const now = Date.now();
    const found = new Set(again.map((r) => r.id));
    const gaps = p.gaps.filter((id) => !found.has(id));
    for (const id of gaps) if (!firstMissed.has(id)) firstMissed.set(id, now);
    let expect = BigInt(p.event_id) + 1n;
    for (const r of rows) {
      for (let id = expect; id < BigInt(r.id) && gaps.length < MAX_GAPS; id++) {
        gaps.push(String(id));
        firstMissed.set(String(id), now);
      }
      expect = BigInt(r.id) + 1n;
    }
    const reports = [...rows, ...again].filter(
      (r) => r.topic === 'operation-report.created' && r.seq !== null,
    );
    // Measured before the watermark moves: the answer measures them live until then.
    const n = await deriveAll(deps.db, deps, reports as { org_id: string; no: string; seq: number }[]);
    const kept = gaps.filter((id) => now - firstMissed.get(id)! <= GAP_KEEP_MS);
    for (const id of found) firstMissed.delete(id);
    await saveEvents(p, rows.at(-1)?.id ?? p.event_id, kept);
    return n;
  }

  async function saveEvents(p: Progress, eventId: string, gaps: string[]): Promise<void> {
    await sql`update team_comparison_progress set event_id = ${eventId}::bigint, gaps = ${gaps}::bigint[]`.execute(
      deps.db,
    );
    p.event_id = eventId;
    p.gaps = gaps;
  }

  /**
   * Re-measures the reports of work centers whose calendar is not the one team_comparison_calendars
   * holds for them (edited, or defined after its reports were measured on the default calendar),
   * by the index on (org, work center, fingerprint); then records the fingerprint every row now has.
   */
  async function calendars(): Promise<number> {
    const { rows: changed } = await sql<{ org_id: string; code: string; fp: string }>`
      select c.org_id, c.code, ${calendarFingerprintSql('c')} as fp from work_centers c
      left join team_comparison_calendars t on t.org_id = c.org_id and t.work_center = c.code
      where t.calendar is distinct from ${calendarFingerprintSql('c')}`.execute(deps.db);
    let n = 0;
    for (const c of changed) {
      for (;;) {
        const { rows: stale } = await sql<{ org_id: string; no: string; seq: number }>`
          select distinct org_id, work_order_no as no, seq from team_comparison_minutes
          where org_id = ${c.org_id} and work_center = ${c.code} and calendar <> ${c.fp}
          limit ${DERIVE_BATCH}`.execute(deps.db);
        if (stale.length === 0) break;
        n += await deriveAll(deps.db, deps, stale);
      }
      // Rows measured after this check took the fingerprint of the calendar they were measured on:
      // if the calendar changed meanwhile, the next pass finds it different again.
      await sql`
        insert into team_comparison_calendars (org_id, work_center, calendar) values (${c.org_id}, ${c.code}, ${c.fp})
        on conflict (org_id, work_center) do update set calendar = excluded.calendar`.execute(deps.db);
    }
    return n;
  }

  return {
    name: 'team-comparison-minutes',
    async tick() {
      const p = await progressOf(deps.db);
      let n = 0;
      const started = performance.now();
      while (!p.backfilled && performance.now() - started < budgetMs) {
        const stored = await backfillBatch(deps.db, deps, p);
        if (stored === null) break;
        n += stored;
      }
      // New reports and calendar edits are followed at most every followEveryMs: each pass measures
      // whole operations again, and under a stream of reports a 2 s beat cost more than the reports
      // (PGlite, 50 connections: 453 → 196 reports/s). What is not followed yet is measured live.
      if (performance.now() - followedAt < followEveryMs) return n;
      followedAt = performance.now();
      n += await events(p);
      n += await calendars();
      return n;
    },
  };
}

/** Runs the worker until the backfill is done and no event is left (seed-scale, benchmarks); answers the reports stored. */
export async function catchUpTeamMinutes(deps: Pick<AppDeps, 'db' | 'config'>): Promise<number> {
  const worker = createTeamMinutesWorker(deps, { budgetMs: Number.POSITIVE_INFINITY });
  let total = 0;
  for (;;) {
    const n = await worker.tick();
    total += n;
    if (n === 0) return total;
  }
}
