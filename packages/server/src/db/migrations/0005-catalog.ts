/**
 * catalog module additions: the item specification (规格型号) and the routing fields the SDK's
 * Operation carries (setup minutes, the responsible person), and an index for item search by name.
 */
export const catalogSchema = `
alter table items add column if not exists spec text;
alter table routings add column if not exists setup_minutes numeric not null default 0 check (setup_minutes >= 0);
alter table routings add column if not exists owner text;
create index if not exists items_type on items (org_id, type, code)
`;
