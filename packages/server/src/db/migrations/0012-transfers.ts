/**
 * 调拨 and 紧急领料 (issue 11). A transfer moves stock between locations, one movement pair per
 * line; its `to` locations are in one receiving warehouse whose storekeeper approves it, and its
 * `from` locations in one sending warehouse. An emergency issue request is posted when it is made
 * (`posted_at`) and approved afterwards; the alert kind 'emergency-unapproved' reminds its approvers.
 */
export const transfersSchema = `
create table transfers (
  id uuid primary key,
  org_id text not null references orgs(id),
  no text not null,
  from_warehouse text not null,
  to_warehouse text not null,
  requester text not null,
  status text not null check (status in ('pending', 'posted', 'rejected')),
  comment text,
  created_at timestamptz not null,
  decided_by text,
  decided_at timestamptz,
  decision_comment text,
  unique (org_id, no),
  foreign key (org_id, from_warehouse) references warehouses (org_id, code),
  foreign key (org_id, to_warehouse) references warehouses (org_id, code)
);
create index transfers_by_status on transfers (org_id, status, created_at desc, id desc);
create table transfer_lines (
  org_id text not null,
  transfer_id uuid not null references transfers(id),
  line_no integer not null,
  item text not null,
  qty numeric not null check (qty > 0),
  lot text not null default '',
  from_location text not null,
  to_location text not null check (to_location <> from_location),
  primary key (transfer_id, line_no),
  foreign key (org_id, item) references items (org_id, code),
  foreign key (org_id, from_location) references locations (org_id, code),
  foreign key (org_id, to_location) references locations (org_id, code)
);
alter table issue_requests add column if not exists emergency boolean not null default false;
alter table issue_requests add column if not exists posted_at timestamptz;
create index issue_requests_emergency_open on issue_requests (org_id, posted_at) where emergency and status = 'pending';
alter table alerts drop constraint if exists alerts_kind_check;
alter table alerts add constraint alerts_kind_check check (kind in
  ('safety-stock', 'overdue-operation', 'sync-failure', 'system', 'emergency-unapproved'))
`;
