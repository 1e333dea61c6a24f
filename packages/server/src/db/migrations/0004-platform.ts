/**
 * platform + sync module additions: message connectors (DingTalk/WeCom robots and notices), the
 * per-connector delivery state of outbox events, and what the connector list shows.
 */
export const platformSchema = `
alter table sync_connectors drop constraint sync_connectors_kind_check;
alter table sync_connectors add constraint sync_connectors_kind_check check (kind in
  ('webhook', 'rabbitmq', 'erp', 'dingtalk-robot', 'wecom-robot', 'dingtalk-notice', 'wecom-message'));
-- null = every topic
alter table sync_connectors add column topics text[];
alter table sync_connectors add column last_success_at timestamptz;
alter table sync_connectors add column last_error text;
-- Message connectors send at most one (batched) message per minute: robots allow ~20 a minute.
alter table sync_connectors add column last_sent_at timestamptz;
create index sync_connectors_org on sync_connectors (org_id, created_at, id);

-- Set when the worker has created the event's deliveries (one per enabled, subscribed connector).
alter table outbox_events add column fanned_out_at timestamptz;
create index outbox_unfanned on outbox_events (org_id, aggregate_type, aggregate_id, id) where fanned_out_at is null;

-- One row per (event, connector): the retry state of that delivery. The aggregate is copied so the
-- "no earlier undelivered event of this aggregate" check is one index probe.
create table sync_deliveries (
  event_id bigint not null references outbox_events(id),
  connector_id text not null references sync_connectors(id) on delete cascade,
  org_id text not null,
  aggregate_type text not null,
  aggregate_id text not null,
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null,
  delivered_at timestamptz,
  last_error text,
  primary key (event_id, connector_id)
);
create index sync_deliveries_due on sync_deliveries (next_attempt_at) where delivered_at is null;
create index sync_deliveries_aggregate on sync_deliveries (connector_id, org_id, aggregate_type, aggregate_id, event_id)
  where delivered_at is null;
create index sync_deliveries_org on sync_deliveries (org_id, event_id, connector_id);

create index api_tokens_user on api_tokens (org_id, user_id);
create index audit_log_page on audit_log (org_id, id)
`;
