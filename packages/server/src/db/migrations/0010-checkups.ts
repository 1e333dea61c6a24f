/**
 * Every check-up run (GET /health/checkup, the console's 系统体检): the history an administrator
 * reads to see when a check started failing. `checks` is the CheckupCheck[] as answered.
 * Also `api_tokens.last_used_at`, for the check of tokens nobody uses.
 */
export const checkupsSchema = `
create table checkup_runs (
  id bigserial primary key,
  org_id text not null,
  ran_at timestamptz not null default now(),
  ran_by text not null,
  status text not null check (status in ('ok', 'warn', 'fail')),
  duration_ms integer not null,
  checks jsonb not null
);
create index checkup_runs_org_ran on checkup_runs (org_id, id desc);
-- API tokens unused for 90 days are a check-up warning: stamped (at most hourly) when a token signs in.
alter table api_tokens add column last_used_at timestamptz
`;
