/**
 * Alert rules (issue 13, "alerts to people"): alerts carry their scope (workshop, warehouse, owner)
 * so rules can address the person responsible; users get an e-mail address for the e-mail channel.
 * alert_rules: kind × severity × scope → recipients (users, roles) on channels, quiet hours,
 * escalation steps. alert_fanouts remembers each (alert, rule, level) fanned out, so a level is
 * fanned out once even by two workers. alert_notifications: one row per alert × level × user ×
 * channel (the unique key is the "exactly once"), queued → sent, or held through quiet hours,
 * failed after the last attempt, skipped when the alert closed first. alert_messages: one row per
 * platform call (a digest), the record the rate limits are counted on across replicas.
 */
export const alertRulesSchema = `
alter table alerts add column if not exists workshop text;
alter table alerts add column if not exists warehouse text;
alter table alerts add column if not exists owner text;
alter table users add column if not exists email text;
create table if not exists alert_rules (
  id uuid primary key,
  org_id text not null references orgs(id),
  name text not null,
  active boolean not null default true,
  kinds text[] not null default '{}',
  min_severity text not null default 'info' check (min_severity in ('info', 'warning', 'critical')),
  workshops text[] not null default '{}',
  warehouses text[] not null default '{}',
  recipients jsonb not null default '{"users":[],"roles":[]}',
  channels text[] not null default '{}',
  quiet_hours jsonb,
  escalation jsonb not null default '[]',
  created_by text not null,
  created_at timestamptz not null,
  updated_by text not null,
  updated_at timestamptz not null
);
create index if not exists alert_rules_by_org on alert_rules (org_id) where active;
create table if not exists alert_fanouts (
  org_id text not null,
  alert_id uuid not null,
  rule_id uuid not null,
  level integer not null,
  at timestamptz not null,
  primary key (org_id, alert_id, rule_id, level)
);
create table if not exists alert_messages (
  id uuid primary key,
  org_id text not null,
  channel text not null,
  user_id text not null,
  alerts integer not null,
  state text not null default 'sending' check (state in ('sending', 'sent', 'failed')),
  at timestamptz not null,
  error text
);
create index if not exists alert_messages_window on alert_messages (channel, user_id, at);
create index if not exists alert_messages_by_channel on alert_messages (channel, at);
create table if not exists alert_notifications (
  id uuid primary key,
  org_id text not null,
  alert_id uuid not null,
  level integer not null,
  user_id text not null,
  channel text not null,
  rule_id uuid,
  state text not null default 'queued' check (state in ('queued', 'held', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  created_at timestamptz not null,
  sent_at timestamptz,
  message_id uuid,
  error text
);
create unique index if not exists alert_notifications_once on alert_notifications (org_id, alert_id, level, user_id, channel);
create index if not exists alert_notifications_due on alert_notifications (next_attempt_at) where state in ('queued', 'held');
create index if not exists alerts_open_recent on alerts (opened_at) where status = 'open'
`;
