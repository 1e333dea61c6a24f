/** production module additions to the schema: receipt/backflush settings, numbering, lot origin. */
export const productionSchema = `
alter table work_orders add column backflush boolean not null default false;
alter table work_orders add column issue_location text;
alter table work_orders add constraint work_orders_location_fk
  foreign key (org_id, location) references locations (org_id, code);
alter table work_orders add constraint work_orders_issue_location_fk
  foreign key (org_id, issue_location) references locations (org_id, code);
alter table work_orders add constraint work_orders_backflush_needs_location
  check (not backflush or issue_location is not null);

-- Day sequence behind generated numbers WO-20261125-0001; one row per org and Shanghai day.
create table work_order_numbers (
  org_id text not null references orgs(id),
  day date not null,
  last integer not null,
  primary key (org_id, day)
);

-- Operators list work orders by the workshops of their operations.
create index work_order_operations_workshop on work_order_operations (org_id, workshop, work_order_no);
create index operation_reports_page on operation_reports (org_id, work_order_no, seq, created_at, id);
create index genealogy_report on genealogy_edges (report_id);

-- What a lot holds and where it came from: produced lots add each report's good quantity.
alter table lots add column qty numeric not null default 0 check (qty >= 0);
alter table lots add column origin_type text;
alter table lots add column origin_id text;
alter table lots add constraint lots_item_fk foreign key (org_id, item) references items (org_id, code)
`;
