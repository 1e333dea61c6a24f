import type { TeamComparisonRow, TeamSpread } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import {
  type GroupBy,
  type GroupSums,
  MAX_SPREADS,
  type SpreadSums,
  sumsToRows,
  sumsToSpreads,
} from './aggregate.js';
import { calendarFingerprintSql, shanghaiDaySql, standardSql } from './derive.js';
import { actualMsOf } from './measure.js';
import { MAX_REPORTS, reportFacts, type Scope } from './read.js';

interface Operations {
  nos: string[];
  seqs: number[];
}

/**
 * The operations whose stored minutes (team_comparison_minutes) cannot be taken for the range:
 * - a report of theirs the worker has not stored yet: its outbox event (the report service writes
 *   one in the report's statement) is after the worker's watermark, or among the ids it skipped
 *   while they were still committing. A report that arrives late with an earlier time changes its
 *   successor's minutes: the whole operation is measured live.
 * - their work center's calendar is not the one every stored row of it was measured on
 *   (team_comparison_calendars; a work center defined after its reports counts as changed).
 * - while the backfill runs (a seed writing reports without events reopens it): the range's stored
 *   operations it has not measured again yet (after its cursor), since a seed's report before the
 *   range changes its successor's minutes in it; and the range's reports without a row, when the
 *   range's report count and row count differ. Once it is done every report has a row or an event
 *   above: nothing of this is read (the two counts were a third of a 30-day answer at a year).
 */
async function staleOperations(db: Db, s: Scope): Promise<Operations> {
  const at = sql`coalesce(r.device_time, r.created_at)`;
  const inRange = sql`r.org_id = ${s.orgId} and ${at} >= ${s.start} and ${at} < ${s.end}`;
  const stored = sql`d.org_id = ${s.orgId} and d.at >= ${s.start} and d.at < ${s.end}`;
  // The worker's progress, read once and first, in the answer's snapshot: in SQL, a parallel plan
  // evaluated the two counts below even when the backfill was done (a Gather computes its
  // parameters before its one-time filter): 50 ms at a year.
  const { rows: progress } = await sql<{
    event_id: string;
    gaps: string[];
    backfilled: boolean;
    org: string | null;
    no: string | null;
    seq: number | null;
  }>`
    select event_id::text as event_id, gaps::text[] as gaps, backfilled, backfill_org as org,
           backfill_no as no, backfill_seq as seq
    from team_comparison_progress`.execute(db);
  // No progress yet is a backfill at its start.
  // (No watermark yet: no event is after it; the backfill reads every report.)
  const backfill = progress[0] ?? {
    event_id: null,
    gaps: [],
    backfilled: false,
    org: null,
    no: null,
    seq: null,
  };
  const whileBackfilling = backfill.backfilled
    ? sql``
    : sql`
    union
    select d.work_order_no, d.seq from team_comparison_minutes d
    where ${stored} and (d.org_id, d.work_order_no, d.seq) > (${backfill.org ?? ''}, ${backfill.no ?? ''}, ${backfill.seq ?? 0})
    union
    select r.work_order_no, r.seq from operation_reports r
    where ${inRange}
      and (select count(*) from operation_reports r where ${inRange})
       <> (select count(*) from team_comparison_minutes d where ${stored})
      and not exists (select 1 from team_comparison_minutes d where d.report_id = r.id)`;
  const { rows } = await sql<{ no: string; seq: number }>`
    with centers as (
      select c.code from work_centers c
      left join team_comparison_calendars t on t.org_id = c.org_id and t.work_center = c.code
      where c.org_id = ${s.orgId} and t.calendar is distinct from ${calendarFingerprintSql('c')}
    )
    select e.aggregate_id as no, (e.payload->>'seq')::int as seq from outbox_events e
    where e.id > ${backfill.event_id}::bigint and e.org_id = ${s.orgId} and e.topic = 'operation-report.created'
    union
    select e.aggregate_id, (e.payload->>'seq')::int from outbox_events e
    where e.id = any(${backfill.gaps}::bigint[]) and e.org_id = ${s.orgId} and e.topic = 'operation-report.created'
    union
    select d.work_order_no, d.seq from team_comparison_minutes d
    where ${stored} and d.work_center in (select code from centers)${whileBackfilling}`.execute(db);
  return { nos: rows.map((r) => r.no), seqs: rows.map((r) => r.seq) };
}

const groupKey = (by: GroupBy) => {
  switch (by) {
    case 'operator':
      return sql`x.reporter`;
    case 'team':
      return sql`coalesce(u.team, x.workshop)`;
    case 'workshop':
      return sql`x.workshop`;
    case 'workCenter':
      return sql`coalesce(x.work_center, '')`;
    case 'operation':
      return sql`x.item || '/' || x.seq`;
  }
};

/** A group's name; should two names share a key (a team named as a workshop's code), the smallest. */
const groupName = (by: GroupBy) => {
  switch (by) {
    case 'operator':
      return sql`coalesce(u.name, x.reporter)`;
    case 'team':
      return sql`coalesce(u.team, ws.name, x.workshop)`;
    case 'workshop':
      return sql`coalesce(ws.name, x.workshop)`;
    case 'workCenter':
      return sql`case when x.work_center is null then '（无工作中心）' else coalesce(wc.name, x.work_center) end`;
    case 'operation':
      return sql`coalesce(i.name, x.item) || ' ' || x.seq || ' ' || x.operation`;
  }
};

interface Live {
  ids: string[];
  ms: number[];
  first: boolean[];
}

/**
 * The answer's sums in SQL, exact: whole working milliseconds and numeric quantities and standard
 * minutes, so stored and live minutes add up to the same totals in any order. `excluded`: the
 * operations whose stored rows are not taken (null: none taken); `live`: their reports, measured.
 */
async function sums(
  db: Db,
  s: Scope,
  by: GroupBy,
  excluded: Operations | null,
  live: Live,
  withSpreads: boolean,
) {
  const { rows } = await sql<{
    kind: 'row' | 'spread';
    key: string;
    name: string;
    item: string | null;
    seq: number | null;
    operation: string | null;
    reports: number;
    qty: number;
    measured_n: number;
    measured_qty: number | null;
    actual_ms: number | null;
    standard: number | null;
  }>`
    with x as (
      ${
        excluded
          ? sql`select d.reporter, d.workshop, nullif(d.work_center, '') as work_center, d.item, d.seq, d.operation,
             d.n, d.measured_n, d.qty, d.measured_qty, d.actual_ms, d.standard
      from team_comparison_days d
      where d.org_id = ${s.orgId} and d.day >= ${shanghaiDaySql(sql`${s.start}::timestamptz`)}
        and d.day < ${shanghaiDaySql(sql`${s.end}::timestamptz`)}
        ${s.workshops ? sql`and d.workshop = any(${s.workshops}::text[])` : sql``}
        ${s.item ? sql`and d.item = ${s.item}` : sql``}
      ${
        excluded.nos.length > 0
          ? sql`union all
      -- The excluded operations' stored rows of the range, taken back out of their days' sums.
      select d.reporter, d.workshop, d.work_center, d.item, d.seq, null, -1, -(d.actual_ms > 0)::int, -d.qty,
             case when d.actual_ms > 0 then -d.qty else 0 end, -d.actual_ms,
             case when d.actual_ms > 0 then -d.standard else 0 end
      from unnest(${excluded.nos}::text[], ${excluded.seqs}::int[]) k(no, seq)
      join operation_reports r on r.org_id = ${s.orgId} and r.work_order_no = k.no and r.seq = k.seq
      join team_comparison_minutes d on d.report_id = r.id
      where d.at >= ${s.start} and d.at < ${s.end}
        ${s.workshops ? sql`and d.workshop = any(${s.workshops}::text[])` : sql``}
        ${s.item ? sql`and d.item = ${s.item}` : sql``}`
          : sql``
      }
      union all`
          : sql``
      }
      select r.reporter, o.workshop, o.work_center, w.item, r.seq, o.name as operation, 1 as n,
             (v.ms > 0)::int as measured_n, r.good_qty + r.scrap_qty as qty,
             case when v.ms > 0 then r.good_qty + r.scrap_qty else 0 end as measured_qty, v.ms as actual_ms,
             case when v.ms > 0 then ${standardSql(sql`v.first`)} else 0 end as standard
      from unnest(${live.ids}::uuid[], ${live.ms}::bigint[], ${live.first}::boolean[]) v(id, ms, first)
      join operation_reports r on r.id = v.id
      join work_order_operations o on o.org_id = r.org_id and o.work_order_no = r.work_order_no and o.seq = r.seq
      join work_orders w on w.org_id = r.org_id and w.no = r.work_order_no
    ),
    -- Per reporter and operation kind first (thousands of groups), then names joined and summed by
    -- the key and, for the spreads, by item, seq and team. Only measured reports (working minutes
    -- above zero) count in the measured sums. A kind whose reports were all taken out and none
    -- measured live is gone. The name's min() by bytes: strcoll per row was a quarter of this grouping.
    -- Not materialized: the names are joined as its groups come out (writing and reading them again
    -- was ~5 ms of ~65 on PGlite at a year, 30 days).
    g as (
      select x.reporter, x.workshop, x.work_center, x.item, x.seq, min(x.operation collate "C") as operation,
             sum(x.n) as n, sum(x.measured_n) as measured_n, sum(x.qty) as qty, sum(x.measured_qty) as measured_qty,
             sum(x.actual_ms) as actual_ms, sum(x.standard) as standard
      from x group by x.reporter, x.workshop, x.work_center, x.item, x.seq
      having sum(x.n) > 0
    ),
    y as materialized (
      select x.*, coalesce(u.team, x.workshop) as team, coalesce(u.team, ws.name, x.workshop) as team_name,
             ${groupKey(by)} as group_key, ${groupName(by)} as group_name
      from g x
      left join users u on u.org_id = ${s.orgId} and u.id = x.reporter
      left join workshops ws on ws.org_id = ${s.orgId} and ws.code = x.workshop
      left join work_centers wc on wc.org_id = ${s.orgId} and wc.code = x.work_center
      ${by === 'operation' ? sql`left join items i on i.org_id = ${s.orgId} and i.code = x.item` : sql``}
    )${
      withSpreads
        ? sql`,
    -- Each team's measured sums on each item and operation, as aggregate.ts reads them.
    t as (
      select x.team, min(x.team_name) as team_name, x.item, x.seq, min(x.operation) as operation,
             sum(x.measured_qty)::float8 as measured_qty, sum(x.actual_ms)::float8 as actual_ms
      from y x group by x.item, x.seq, x.team
    ),
    -- Its spread, unrounded, as sumsToSpreads computes it (the same float8 operations): each
    -- operation's fastest and slowest team by a hashed grouping (a window sorted the teams).
    p as (
      select t.*, case when t.measured_qty > 0 and t.actual_ms > 0 then t.actual_ms / 60000 / t.measured_qty end as per_unit
      from t
    ),
    -- Its teams ride along as arrays, unnested for the kept operations: joined back to p instead,
    -- a plan on stale statistics (the newest days past the last ANALYZE) nested the loops, 10× slower.
    k as (
      select p.item, p.seq, (max(p.per_unit) - min(p.per_unit)) / min(p.per_unit) * 100 as spread,
             array_agg(p.team) as teams, array_agg(p.team_name) as team_names,
             array_agg(p.operation) as operations, array_agg(p.measured_qty) as measured_qtys,
             array_agg(p.actual_ms) as actual_mss
      from p group by p.item, p.seq having count(p.per_unit) >= 2
    ),
    -- The MAX_SPREADS-th largest spread: only operations within 0.2 points of it can be among the
    -- spreads kept once rounded to 0.1 (sumsToSpreads picks them); sending every team of every
    -- operation (~5,500 rows over 30 days at a year) was ~25 ms of the server's CPU an answer.
    cut as (
      select k.spread from k order by k.spread desc offset ${MAX_SPREADS - 1} limit 1
    )`
        : sql``
    }
    select 'row' as kind, x.group_key as key, min(x.group_name) as name,
           null as item, null::int as seq, null as operation,
           sum(x.n)::int as reports, sum(x.qty)::float8 as qty, sum(x.measured_n)::int as measured_n,
           sum(x.measured_qty)::float8 as measured_qty, sum(x.actual_ms)::float8 as actual_ms,
           sum(x.standard)::float8 as standard
    from y x group by x.group_key
    ${
      withSpreads
        ? sql`union all
    select 'spread', u.team, u.team_name, k.item, k.seq, u.operation, 0, 0, 0, u.measured_qty, u.actual_ms, null
    from k cross join lateral unnest(k.teams, k.team_names, k.operations, k.measured_qtys, k.actual_mss)
      u(team, team_name, operation, measured_qty, actual_ms)
    where k.spread >= coalesce((select spread - 0.2 from cut), '-Infinity'::float8)`
        : sql``
    }`.execute(db);
  const out = { rows: [] as GroupSums[], spreads: [] as SpreadSums[], reports: 0 };
  for (const r of rows) {
    if (r.kind === 'row') {
      out.reports += r.reports;
      out.rows.push({
        key: r.key,
        name: r.name,
        reports: r.reports,
        qty: r.qty,
        unmeasured: r.reports - r.measured_n,
        measuredQty: r.measured_qty ?? 0,
        actual: (r.actual_ms ?? 0) / 60_000,
        standard: r.standard ?? 0,
      });
    } else {
      out.spreads.push({
        item: r.item!,
        seq: r.seq!,
        operation: r.operation!,
        team: r.key,
        teamName: r.name,
        measuredQty: r.measured_qty ?? 0,
        actual: (r.actual_ms ?? 0) / 60_000,
      });
    }
  }
  return out;
}

/**
 * The team comparison's rows and spreads: the stored minutes where they are right, the stale
 * operations' reports measured live by read.ts; null when the range holds more than MAX_REPORTS
 * reports. `live`: every report measured live (the answer the stored minutes must equal). Run in
 * one snapshot (repeatable read): the stale operations found are the ones measured.
 */
export async function comparison(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  s: Scope,
  by: GroupBy,
  options: { withSpreads: boolean; live: boolean },
): Promise<{ rows: TeamComparisonRow[]; spread: TeamSpread[] } | null> {
  const excluded = options.live ? null : await staleOperations(db, s);
  let live: Live = { ids: [], ms: [], first: [] };
  if (!excluded || excluded.nos.length > 0) {
    const facts = await reportFacts(db, deps, excluded ? { ...s, operations: excluded } : s);
    if (!facts) return null;
    live = {
      ids: facts.map((f) => f.id),
      ms: facts.map((f) => actualMsOf(f.actualMinutes)),
      first: facts.map((f) => f.first),
    };
  }
  // Hash the groups: sorting ~37,000 rows by their text keys (collation) took 64 of the 130 ms of
  // the sums over 30 days at a year; hashed, 72–90 ms for all of it (load 7). The transaction's last statement.
  await sql`set local enable_sort = off`.execute(db);
  const sum = await sums(db, s, by, excluded, live, options.withSpreads);
  if (sum.reports > MAX_REPORTS) return null;
  return {
    rows: sumsToRows(sum.rows),
    spread: options.withSpreads ? await named(db, s.orgId, sum.spreads) : [],
  };
}

/**
 * The spreads with their items' names, looked up for the (at most MAX_SPREADS) kept only: joined in
 * the grouping, every item and operation of the range was a probe of items (5,550 probes, ~20 ms
 * of a 30-day answer at a year).
 */
async function named(db: Db, orgId: string, sums: readonly SpreadSums[]): Promise<TeamSpread[]> {
  const spreads = sumsToSpreads(sums);
  if (spreads.length === 0) return spreads;
  const items = [...new Set(spreads.map((t) => t.item))];
  const { rows } = await sql<{ code: string; name: string }>`
    select code, name from items where org_id = ${orgId} and code = any(${items}::text[])`.execute(db);
  const nameOf = new Map(rows.map((i) => [i.code, i.name]));
  return spreads.map((t) => ({ ...t, itemName: nameOf.get(t.item) ?? t.item }));
}
