/**
 * The team comparison's minutes kept per report (docs/team-comparison.md, issue 14): measuring every
 * report of a range on its calendar at read time took 254 ms of a 30-day answer at a year. A
 * background worker (analytics/minutes-worker.ts) fills this table, never the report write path.
 * The answer takes a report's row unless its operation has a report the worker has not seen yet
 * (outbox events after `event_id`, or in `gaps`: ids skipped while still committing) or its work
 * center's calendar is not the one `team_comparison_calendars` says every row was measured on; the
 * rest is measured live.
 */
export const teamComparisonMinutesSchema = `
create table if not exists team_comparison_minutes (
  report_id uuid primary key,
  org_id text not null,
  work_order_no text not null,
  seq integer not null,
  at timestamptz not null,
  reporter text not null,
  workshop text not null,
  work_center text,
  item text not null,
  operation text not null,
  qty numeric not null,
  actual_ms bigint not null,
  standard numeric not null,
  calendar text not null,
  derived_at timestamptz not null default now()
);
create index if not exists team_comparison_minutes_time on team_comparison_minutes (org_id, at);
create index if not exists team_comparison_minutes_center on team_comparison_minutes (org_id, work_center, calendar);
create table if not exists team_comparison_calendars (
  org_id text not null,
  work_center text not null,
  calendar text not null,
  primary key (org_id, work_center)
);
create table if not exists team_comparison_progress (
  id boolean primary key default true check (id),
  event_id bigint not null,
  gaps bigint[] not null default '{}',
  backfill_org text,
  backfill_no text,
  backfill_seq integer,
  backfilled boolean not null default false
)
`;
