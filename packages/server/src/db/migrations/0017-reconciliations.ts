/**
 * Issue 12, reconciliation (全量数据校验): each run of a comparison with the other system's snapshot,
 * its differing and missing rows one per row (with their owners), its matched rows in chunks of
 * JSON text (a 100,000-row run writes a dozen rows, not 100,000; they are read back for the
 * report's pages and exports), the daily schedule per connector with the day it last ran (the claim that keeps replicas
 * from running it twice), and the alert kind 'reconciliation-difference'.
 */
export const reconciliationsSchema = `
create table reconciliations (
  id uuid primary key,
  org_id text not null,
  kind text not null check (kind in ('stock', 'workOrders')),
  connector_id text,
  source text not null check (source in ('upload', 'connector', 'schedule')),
  file_name text,
  status text not null check (status in ('done', 'failed')),
  error text,
  created_at timestamptz not null,
  created_by text not null,
  theirs integer not null default 0,
  ours integer not null default 0,
  matched integer not null default 0,
  missing_here integer not null default 0,
  missing_there integer not null default 0,
  differing integer not null default 0
);
create index reconciliations_recent on reconciliations (org_id, created_at desc, id desc);
create table reconciliation_rows (
  run_id uuid not null references reconciliations (id) on delete cascade,
  seq integer not null,
  org_id text not null,
  status text not null check (status in ('matched', 'missingHere', 'missingThere', 'differing')),
  key_item text,
  key_location text,
  key_lot text,
  key_no text,
  our_item text,
  their_item text,
  our_qty numeric,
  their_qty numeric,
  our_status text,
  their_status text,
  diff_qty numeric,
  owners jsonb,
  primary key (run_id, seq)
);
create index reconciliation_rows_status on reconciliation_rows (run_id, status, seq);
create table reconciliation_matched (
  run_id uuid not null references reconciliations (id) on delete cascade,
  chunk integer not null,
  org_id text not null,
  rows text not null,
  primary key (run_id, chunk)
);
create table reconciliation_schedules (
  connector_id text primary key references sync_connectors (id),
  org_id text not null,
  at text not null check (at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  kinds text[] not null,
  alert_above integer not null default 0 check (alert_above >= 0),
  last_run_day date,
  updated_at timestamptz not null,
  updated_by text not null
);
alter table alerts drop constraint if exists alerts_kind_check;
alter table alerts add constraint alerts_kind_check check (kind in
  ('safety-stock', 'overdue-operation', 'sync-failure', 'system', 'emergency-unapproved',
   'reconciliation-difference'))
`;
