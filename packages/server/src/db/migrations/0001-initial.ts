/** The whole domain in one schema. Every business table carries org_id; constraints live here, not only in code. */
export const initial = `
create table orgs (
  id text primary key,
  name text not null,
  platform text not null default 'demo' check (platform in ('demo', 'dingtalk', 'wecom')),
  created_at timestamptz not null default now()
);

create table settings (
  key text primary key,
  value text not null
);

create table users (
  org_id text not null references orgs(id),
  id text not null,
  name text not null,
  roles text[] not null default '{}',
  workshops text[] not null default '{}',
  warehouses text[] not null default '{}',
  platform text not null default 'demo',
  platform_user_id text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);
create unique index users_platform_uid on users (org_id, platform, platform_user_id) where platform_user_id is not null;

create table api_tokens (
  id text primary key,
  org_id text not null,
  user_id text not null,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  foreign key (org_id, user_id) references users (org_id, id)
);

create table audit_log (
  id bigserial primary key,
  org_id text not null references orgs(id),
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  before jsonb,
  after jsonb
);
create index audit_log_subject on audit_log (org_id, subject_type, subject_id);

create table items (
  org_id text not null references orgs(id),
  code text not null check (length(code) between 1 and 64),
  name text not null default '',
  uom text not null,
  type text not null check (type in ('make', 'buy', 'phantom')),
  safety_stock numeric not null default 0 check (safety_stock >= 0),
  lead_time numeric not null default 0 check (lead_time >= 0),
  abc_class text check (abc_class in ('A', 'B', 'C')),
  cost numeric check (cost >= 0),
  precision smallint not null default 6 check (precision between 0 and 12),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, code)
);

create table uom_conversions (
  id bigserial primary key,
  org_id text not null references orgs(id),
  from_uom text not null,
  to_uom text not null,
  factor numeric not null check (factor > 0),
  item text,
  foreign key (org_id, item) references items (org_id, code)
);

create table bom_lines (
  id bigserial primary key,
  org_id text not null,
  parent text not null,
  child text not null,
  seq integer not null,
  qty numeric not null check (qty > 0),
  uom text,
  scrap_rate numeric not null default 0 check (scrap_rate >= 0),
  setup_qty numeric not null default 0 check (setup_qty >= 0),
  rounding_multiple numeric check (rounding_multiple > 0),
  effective_from date,
  effective_to date,
  check (effective_from is null or effective_to is null or effective_from <= effective_to),
  check (parent <> child),
  foreign key (org_id, parent) references items (org_id, code),
  foreign key (org_id, child) references items (org_id, code)
);
create index bom_lines_parent on bom_lines (org_id, parent, seq);
create index bom_lines_child on bom_lines (org_id, child);

-- Bumped on every BOM change so caches of the compiled graph know when they are stale.
create table bom_revisions (
  org_id text primary key references orgs(id),
  revision bigint not null default 0,
  changed_at timestamptz not null default now()
);

create table workshops (
  org_id text not null references orgs(id),
  code text not null,
  name text not null,
  primary key (org_id, code)
);

create table warehouses (
  org_id text not null references orgs(id),
  code text not null,
  name text not null,
  primary key (org_id, code)
);

create table locations (
  org_id text not null,
  code text not null,
  warehouse text not null,
  name text not null default '',
  primary key (org_id, code),
  foreign key (org_id, warehouse) references warehouses (org_id, code)
);

create table routings (
  org_id text not null,
  item text not null,
  seq integer not null check (seq > 0),
  name text not null,
  workshop text not null,
  work_center text,
  standard_minutes numeric not null default 0 check (standard_minutes >= 0),
  primary key (org_id, item, seq),
  foreign key (org_id, item) references items (org_id, code),
  foreign key (org_id, workshop) references workshops (org_id, code)
);

create table work_orders (
  org_id text not null,
  no text not null,
  item text not null,
  qty numeric not null check (qty > 0),
  due date not null,
  status text not null default 'draft' check (status in ('draft', 'released', 'in-progress', 'done', 'closed')),
  lot text,
  location text,
  created_at timestamptz not null default now(),
  released_at timestamptz,
  closed_at timestamptz,
  primary key (org_id, no),
  foreign key (org_id, item) references items (org_id, code)
);
create index work_orders_status on work_orders (org_id, status, due);

create table work_order_operations (
  org_id text not null,
  work_order_no text not null,
  seq integer not null check (seq > 0),
  name text not null,
  workshop text not null,
  work_center text,
  standard_minutes numeric not null default 0,
  status text not null default 'pending' check (status in ('pending', 'ready', 'in-progress', 'done')),
  good_qty numeric not null default 0 check (good_qty >= 0),
  scrap_qty numeric not null default 0 check (scrap_qty >= 0),
  planned_start timestamptz,
  planned_end timestamptz,
  actual_start timestamptz,
  actual_end timestamptz,
  primary key (org_id, work_order_no, seq),
  foreign key (org_id, work_order_no) references work_orders (org_id, no)
);

create table lots (
  org_id text not null references orgs(id),
  code text not null,
  item text not null,
  kind text not null default 'material' check (kind in ('material', 'wip', 'finished', 'customer')),
  customer text,
  created_at timestamptz not null default now(),
  primary key (org_id, code)
);

create table operation_reports (
  id uuid primary key,
  org_id text not null,
  work_order_no text not null,
  seq integer not null,
  good_qty numeric not null check (good_qty >= 0),
  scrap_qty numeric not null default 0 check (scrap_qty >= 0),
  scrap_reason text,
  produced_lot text,
  reporter text not null,
  device_time timestamptz,
  created_at timestamptz not null default now(),
  check (good_qty + scrap_qty > 0),
  check (scrap_qty = 0 or scrap_reason is not null),
  foreign key (org_id, work_order_no, seq) references work_order_operations (org_id, work_order_no, seq)
);
create index operation_reports_wo on operation_reports (org_id, work_order_no, seq);

create table genealogy_edges (
  id bigserial primary key,
  org_id text not null,
  from_lot text not null,
  to_lot text not null,
  qty numeric not null check (qty > 0),
  report_id uuid references operation_reports(id),
  kind text not null default 'consume' check (kind in ('consume', 'ship')),
  at timestamptz not null default now(),
  check (from_lot <> to_lot),
  foreign key (org_id, from_lot) references lots (org_id, code),
  foreign key (org_id, to_lot) references lots (org_id, code)
);
create index genealogy_from on genealogy_edges (org_id, from_lot);
create index genealogy_to on genealogy_edges (org_id, to_lot);

create table issue_requests (
  id uuid primary key,
  org_id text not null,
  no text not null,
  kind text not null default 'issue' check (kind in ('issue', 'return', 'scrap')),
  work_order_no text,
  warehouse text not null,
  requester text not null,
  status text not null check (status in ('draft', 'pending', 'approved', 'partially-approved', 'rejected', 'cancelled')),
  comment text,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  unique (org_id, no),
  foreign key (org_id, warehouse) references warehouses (org_id, code),
  foreign key (org_id, work_order_no) references work_orders (org_id, no)
);
create index issue_requests_status on issue_requests (org_id, status, created_at);

create table issue_request_lines (
  org_id text not null,
  request_id uuid not null references issue_requests(id),
  line_no integer not null,
  item text not null,
  qty numeric not null check (qty > 0),
  lot text not null default '',
  location text not null,
  reason text,
  bom_requirement numeric,
  approved_qty numeric check (approved_qty >= 0 and approved_qty <= qty),
  primary key (request_id, line_no),
  foreign key (org_id, item) references items (org_id, code),
  foreign key (org_id, location) references locations (org_id, code)
);

create table approvals (
  id uuid primary key,
  org_id text not null,
  request_id uuid not null references issue_requests(id),
  approver text not null,
  at timestamptz not null default now(),
  decision text not null check (decision in ('approved', 'partially-approved', 'rejected')),
  comment text,
  lines jsonb not null default '[]'
);

-- The ledger: append-only. Every row names the approved document that caused it.
create table stock_movements (
  id bigserial primary key,
  org_id text not null,
  at timestamptz not null default now(),
  kind text not null check (kind in ('receipt', 'issue', 'return', 'scrap', 'transfer', 'adjustment', 'production-receipt')),
  item text not null,
  location text not null,
  lot text not null default '',
  qty numeric not null check (qty <> 0),
  source_type text not null check (source_type in ('issue-request', 'operation-report', 'receipt', 'cycle-count', 'opening-balance', 'transfer')),
  source_id text not null,
  actor text not null,
  foreign key (org_id, item) references items (org_id, code),
  foreign key (org_id, location) references locations (org_id, code)
);
create index stock_movements_item on stock_movements (org_id, item, at);
create index stock_movements_source on stock_movements (org_id, source_type, source_id);

create table stock_balances (
  org_id text not null,
  item text not null,
  location text not null,
  lot text not null default '',
  qty numeric not null check (qty >= 0),
  updated_at timestamptz not null default now(),
  primary key (org_id, item, location, lot),
  foreign key (org_id, item) references items (org_id, code),
  foreign key (org_id, location) references locations (org_id, code)
);

create table alerts (
  id uuid primary key,
  org_id text not null references orgs(id),
  kind text not null check (kind in ('safety-stock', 'overdue-operation', 'sync-failure', 'system')),
  severity text not null check (severity in ('info', 'warning', 'critical')),
  subject text not null,
  message text not null,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  suggestion jsonb,
  opened_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz
);
-- At most one live alert per kind and subject.
create unique index alerts_live on alerts (org_id, kind, subject) where status <> 'resolved';

create table outbox_events (
  id bigserial primary key,
  org_id text not null,
  topic text not null,
  aggregate_type text not null,
  aggregate_id text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  delivered_at timestamptz,
  last_error text
);
create index outbox_pending on outbox_events (next_attempt_at) where delivered_at is null;

create table sync_connectors (
  id text primary key,
  org_id text not null references orgs(id),
  kind text not null check (kind in ('webhook', 'rabbitmq', 'erp')),
  name text not null,
  config jsonb not null default '{}',
  enabled boolean not null default true,
  created_at timestamptz not null default now()
);

create table idempotency_keys (
  org_id text not null,
  key text not null,
  user_id text not null,
  request_hash text not null,
  status_code integer not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (org_id, key)
);
`;
