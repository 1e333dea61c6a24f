/**
 * stock module additions: receipt documents (the only way stock enters besides production and
 * returns), a snapshot of what a work order had already been issued when a request was made, and
 * indexes for the stock and request lists.
 */
export const stockSchema = `
create sequence stock_document_no;

create table stock_receipts (
  id uuid primary key,
  org_id text not null references orgs(id),
  no text not null,
  kind text not null default 'purchase' check (kind in ('purchase', 'other')),
  warehouse text not null,
  reference text,
  comment text,
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (org_id, no),
  foreign key (org_id, warehouse) references warehouses (org_id, code)
);
create index stock_receipts_created on stock_receipts (org_id, created_at desc);

create table stock_receipt_lines (
  org_id text not null,
  receipt_id uuid not null references stock_receipts(id),
  line_no integer not null check (line_no >= 0),
  item text not null,
  qty numeric not null check (qty > 0),
  location text not null,
  lot text not null default '',
  primary key (receipt_id, line_no),
  foreign key (org_id, item) references items (org_id, code),
  foreign key (org_id, location) references locations (org_id, code)
);

alter table issue_request_lines add column already_issued numeric;
create index issue_requests_wo on issue_requests (org_id, work_order_no) where work_order_no is not null;
create index issue_requests_warehouse on issue_requests (org_id, warehouse, status);
create index stock_movements_recent on stock_movements (org_id, at desc, id desc);
create index alerts_recent on alerts (org_id, opened_at desc, id desc)
`;
