/**
 * Issue 12, field mappings (字段映射): every PUT of a connector's mapping stores a new version;
 * the highest version is the one in use. Old versions stay readable (and re-importable).
 */
export const mappingsSchema = `
create table sync_mappings (
  org_id text not null references orgs(id),
  connector_id text not null references sync_connectors(id),
  version integer not null check (version >= 1),
  document jsonb not null,
  created_at timestamptz not null,
  created_by text not null,
  primary key (connector_id, version)
)
`;
