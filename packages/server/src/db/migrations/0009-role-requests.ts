/**
 * 权限变更双人复核: granting admin, approver or storekeeper, or widening a user's workshops or
 * warehouses, waits here until a second administrator approves it. Only the additions are kept, so
 * an approval never brings back a role or scope that was removed meanwhile. One pending request per
 * user: a second one while the first waits is refused, so nobody approves a stale picture.
 */
export const roleRequestsSchema = `
create table role_requests (
  id bigserial primary key,
  org_id text not null references orgs(id),
  user_id text not null,
  roles_added text[] not null default '{}',
  workshops_added text[] not null default '{}',
  warehouses_added text[] not null default '{}',
  requested_by text not null,
  requested_at timestamptz not null default now(),
  status text not null default 'pending' check (status in ('pending','approved','rejected')),
  decided_by text,
  decided_at timestamptz,
  foreign key (org_id, user_id) references users(org_id, id)
);
create unique index role_requests_one_pending on role_requests (org_id, user_id) where status = 'pending';
create index role_requests_by_status on role_requests (org_id, status, id)
`;
