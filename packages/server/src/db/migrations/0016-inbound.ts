/**
 * Inbound records (issue 12): every record another system sent through a connector, with its
 * outcome, once per (connector, kind, source id, source version) — the key that makes a replay a
 * no-op. `result` keeps what applying it did (a receipt's document and posting), so a newer version
 * of a posted receipt can be told apart from a resend. Stock snapshots are not posted to the
 * ledger: the other system's latest view per (connector, item, location, lot) waits here for the
 * reconciliation.
 */
export const inboundSchema = `
create table inbound_records (
  id bigserial primary key,
  org_id text not null,
  connector_id text not null references sync_connectors(id),
  kind text not null check (kind in ('item', 'bomLine', 'workOrder', 'purchaseReceipt', 'stockSnapshot')),
  source_id text not null,
  source_version text not null,
  outcome text not null check (outcome in ('applied', 'duplicate', 'rejected')),
  code text,
  reason text,
  errors jsonb,
  result jsonb,
  applied_at timestamptz not null,
  batch_id text not null,
  actor text,
  unique (connector_id, kind, source_id, source_version)
);
create index inbound_records_list on inbound_records (org_id, connector_id, id);
create table inbound_stock_snapshots (
  org_id text not null,
  connector_id text not null references sync_connectors(id),
  item text not null,
  location text not null,
  lot text not null default '',
  qty numeric not null check (qty >= 0),
  source_id text not null,
  source_version text not null,
  updated_at timestamptz not null,
  primary key (connector_id, item, location, lot)
);
create index inbound_stock_snapshots_org on inbound_stock_snapshots (org_id, connector_id)
`;
