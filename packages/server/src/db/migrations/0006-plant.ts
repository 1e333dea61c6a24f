/**
 * plant module: master data a factory sets up itself (deactivation instead of deletion once
 * referenced, location kinds, workshop supervisors, work centers with stations and a calendar),
 * opening stock as a movement kind, and what marks demo-era credentials so production refuses them.
 */
export const plantSchema = `
alter table warehouses add column if not exists active boolean not null default true;
alter table locations add column if not exists kind text not null default 'raw-material'
  check (kind in ('raw-material', 'wip', 'finished-goods', 'quarantine'));
alter table locations add column if not exists active boolean not null default true;
alter table workshops add column if not exists supervisor text;
alter table workshops add column if not exists active boolean not null default true;
create table if not exists work_centers (
  org_id text not null,
  code text not null check (length(code) between 1 and 32),
  name text not null,
  workshop text not null,
  stations integer not null default 1 check (stations between 1 and 1000),
  calendar jsonb not null,
  active boolean not null default true,
  primary key (org_id, code),
  foreign key (org_id, workshop) references workshops (org_id, code)
);
alter table stock_movements drop constraint if exists stock_movements_kind_check;
alter table stock_movements add constraint stock_movements_kind_check check (kind in
  ('receipt', 'issue', 'return', 'scrap', 'transfer', 'adjustment', 'production-receipt', 'opening'));
alter table api_tokens add column if not exists minted_in_demo boolean not null default false;
update api_tokens set minted_in_demo = true where org_id in (select id from orgs where platform = 'demo');
alter table users add column if not exists updated_at timestamptz not null default now()
`;
