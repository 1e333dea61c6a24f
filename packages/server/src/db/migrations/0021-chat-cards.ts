/**
 * Approval cards in the chat (issue 13): one row per pending issue request and platform, written by
 * the chat-approvals worker and delivered by it with retries (state queued → sent → closed, or
 * failed after the last attempt; skipped when nobody can receive it). `task_id` is the WeCom card's
 * task_id; `response_code` the unused one-time code that lets update_template_card change the card
 * for everyone. chat_card_clicks remembers each button press (TaskId + user + ResponseCode) so a
 * replayed callback is not acted on twice. The worker looks for pending requests of the last 72 hours
 * every tick: issue_requests_pending_recent keeps that a small index scan.
 */
export const chatCardsSchema = `
create table if not exists chat_cards (
  org_id text not null,
  request_id uuid not null references issue_requests(id),
  platform text not null check (platform in ('wecom', 'dingtalk')),
  task_id text not null,
  recipients jsonb not null default '[]',
  state text not null default 'queued' check (state in ('queued', 'sent', 'closed', 'failed', 'skipped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  response_code text,
  outcome text,
  created_at timestamptz not null,
  sent_at timestamptz,
  closed_at timestamptz,
  primary key (org_id, request_id, platform)
);
create unique index if not exists chat_cards_task on chat_cards (platform, task_id);
create index if not exists chat_cards_due on chat_cards (next_attempt_at) where state in ('queued', 'sent');
create index if not exists issue_requests_pending_recent on issue_requests (created_at) where status = 'pending';
create table if not exists chat_card_clicks (
  platform text not null,
  click_key text not null,
  at timestamptz not null,
  primary key (platform, click_key)
)
`;
