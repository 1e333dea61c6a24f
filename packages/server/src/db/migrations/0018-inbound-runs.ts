/**
 * Pulls of the inbound connectors (issue 12): an HTTP endpoint polled or a table/view of the other
 * system's database read on a schedule. `inbound_pull_state` holds a connector's watermark (stored
 * only after the records it covers were applied) and the lease that keeps its pulls one at a time
 * across replicas; `inbound_runs` records every pull.
 */
export const inboundRunsSchema = `
create table inbound_pull_state (
  connector_id text primary key references sync_connectors(id),
  org_id text not null references orgs(id),
  cursor jsonb,
  next_run_at timestamptz,
  leased_until timestamptz,
  lease_owner text
);
create table inbound_runs (
  id bigserial primary key,
  org_id text not null references orgs(id),
  connector_id text not null references sync_connectors(id),
  trigger text not null check (trigger in ('schedule', 'manual')),
  started_by text,
  started_at timestamptz not null,
  finished_at timestamptz,
  records integer not null default 0,
  applied integer not null default 0,
  rejected integer not null default 0,
  duplicates integer not null default 0,
  watermark_before jsonb,
  watermark_after jsonb,
  error text
);
create index inbound_runs_by_connector on inbound_runs (connector_id, id desc)
`;
