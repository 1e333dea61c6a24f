/**
 * cycle counts (循环盘点): weekly plans (one per org and week, so replicas that run the Monday job
 * together make one) and count tasks, each of one balance (item, location, lot). A task keeps the
 * book quantity taken when it was counted; an accepted variance becomes an `adjustment` movement
 * whose source is the count.
 */
export const cycleCountsSchema = `
create table if not exists count_plans (
  id uuid primary key,
  org_id text not null,
  week date not null,
  created_at timestamptz not null,
  created_by text not null,
  stocked integer not null,
  unique (org_id, week)
);
create table if not exists cycle_counts (
  id uuid primary key,
  org_id text not null,
  plan_id uuid references count_plans (id),
  item text not null,
  location text not null,
  warehouse text not null,
  lot text not null default '',
  abc_class text not null check (abc_class in ('A', 'B', 'C')),
  blind boolean not null default true,
  status text not null check (status in ('open', 'pending-approval', 'done', 'rejected')),
  tolerance_pct numeric not null,
  counted_qty numeric check (counted_qty >= 0),
  book_qty numeric,
  counted_by text,
  counted_at timestamptz,
  decided_by text,
  decided_at timestamptz,
  comment text,
  created_by text not null,
  created_at timestamptz not null,
  foreign key (org_id, item) references items (org_id, code),
  foreign key (org_id, location) references locations (org_id, code)
);
create index if not exists cycle_counts_status on cycle_counts (org_id, status, warehouse, created_at);
create index if not exists cycle_counts_balance on cycle_counts (org_id, item, location, lot, counted_at);
create unique index if not exists cycle_counts_one_live on cycle_counts (org_id, item, location, lot)
  where status in ('open', 'pending-approval')
`;
