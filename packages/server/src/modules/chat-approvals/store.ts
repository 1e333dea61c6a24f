import { sql } from 'kysely';
import type { Db } from '../../http/route.js';

export type CardPlatform = 'wecom' | 'dingtalk';
export type CardState = 'queued' | 'sent' | 'closed' | 'failed' | 'skipped';

export interface ChatCardRow {
  org_id: string;
  request_id: string;
  platform: CardPlatform;
  task_id: string;
  recipients: { user: string; platformUserId: string }[];
  state: CardState;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  response_code: string | null;
  outcome: string | null;
}

/**
 * Queues a card per enabled platform for each pending request made in the last `sinceMs` that has
 * none yet: the request row, committed with the request, is the durable trigger; this row is the
 * delivery record. Idempotent (primary key), safe on several replicas.
 */
export async function queueCards(
  db: Db,
  platforms: readonly CardPlatform[],
  now: Date,
  since: Date,
): Promise<number> {
  if (platforms.length === 0) return 0;
  const r = await sql`
    insert into chat_cards (org_id, request_id, platform, task_id, state, next_attempt_at, created_at)
    select r.org_id, r.id, p.platform, 'sf-ir-' || r.id::text, 'queued', ${now}::timestamptz, ${now}::timestamptz
    from issue_requests r cross join (values ${sql.join(platforms.map((p) => sql`(${p}::text)`))}) as p(platform)
    where r.status = 'pending' and r.created_at >= ${since}::timestamptz
      and not exists (select 1 from chat_cards c where c.org_id = r.org_id and c.request_id = r.id and c.platform = p.platform)
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Claims due cards (a lease until `leaseUntil`): queued ones to send, and sent ones whose request
 * was decided or withdrawn, to update. Skips rows another replica holds.
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ChatCardRow[]> {
  const r = await sql<ChatCardRow>`
    with due as (
      select c.org_id, c.request_id, c.platform from chat_cards c
      join issue_requests r on r.id = c.request_id and r.org_id = c.org_id
      where c.next_attempt_at <= ${now}::timestamptz
        and (c.state = 'queued' or (c.state = 'sent' and r.status <> 'pending'))
      order by c.next_attempt_at
      limit ${limit}
      for update of c skip locked
    )
    update chat_cards c set next_attempt_at = ${leaseUntil}::timestamptz
    from due
    where c.org_id = due.org_id and c.request_id = due.request_id and c.platform = due.platform
    returning c.*`.execute(db);
  return r.rows;
}

/**
 * Keeps a press's fresh response code on a sent card, and claims the card for an update now unless
 * someone holds it (the worker's lease, or a back-off after a failed update: the worker retries).
 */
export async function claimSent(
  db: Db,
  card: Pick<ChatCardRow, 'org_id' | 'request_id' | 'platform'>,
  now: Date,
  leaseUntil: Date,
  responseCode: string | undefined,
): Promise<ChatCardRow | undefined> {
  const where = sql`org_id = ${card.org_id} and request_id = ${card.request_id} and platform = ${card.platform} and state = 'sent'`;
  if (responseCode)
    await sql`update chat_cards set response_code = ${responseCode} where ${where}`.execute(db);
  const r = await sql<ChatCardRow>`
    update chat_cards set next_attempt_at = ${leaseUntil}::timestamptz
    where ${where} and next_attempt_at <= ${now}::timestamptz
    returning *`.execute(db);
  return r.rows[0];
}

export async function findCardByTask(db: Db, platform: CardPlatform, taskId: string) {
  const r = await sql<ChatCardRow>`
    select * from chat_cards where platform = ${platform} and task_id = ${taskId}`.execute(db);
  return r.rows[0];
}

export async function setCard(
  db: Db,
  card: Pick<ChatCardRow, 'org_id' | 'request_id' | 'platform'>,
  change: {
    state?: CardState;
    attempts?: number;
    nextAttemptAt?: Date;
    lastError?: string | null;
    responseCode?: string | null;
    outcome?: string;
    recipients?: ChatCardRow['recipients'];
    sentAt?: Date;
    closedAt?: Date;
  },
): Promise<void> {
  const sets = [
    change.state !== undefined ? sql`state = ${change.state}` : undefined,
    change.attempts !== undefined ? sql`attempts = ${change.attempts}` : undefined,
    change.nextAttemptAt !== undefined
      ? sql`next_attempt_at = ${change.nextAttemptAt}::timestamptz`
      : undefined,
    change.lastError !== undefined ? sql`last_error = ${change.lastError}` : undefined,
    change.responseCode !== undefined ? sql`response_code = ${change.responseCode}` : undefined,
    change.outcome !== undefined ? sql`outcome = ${change.outcome}` : undefined,
    change.recipients !== undefined
      ? sql`recipients = ${JSON.stringify(change.recipients)}::jsonb`
      : undefined,
    change.sentAt !== undefined ? sql`sent_at = ${change.sentAt}::timestamptz` : undefined,
    change.closedAt !== undefined ? sql`closed_at = ${change.closedAt}::timestamptz` : undefined,
  ].filter((s) => s !== undefined);
  if (sets.length === 0) return;
  await sql`update chat_cards set ${sql.join(sets)}
    where org_id = ${card.org_id} and request_id = ${card.request_id} and platform = ${card.platform}`.execute(
    db,
  );
}

/** Whether this press (TaskId + user + ResponseCode) was recorded before. */
export async function clickSeen(db: Db, platform: CardPlatform, key: string): Promise<boolean> {
  const r =
    await sql`select 1 from chat_card_clicks where platform = ${platform} and click_key = ${key}`.execute(db);
  return r.rows.length > 0;
}

/** Records a button press; false when the same press (TaskId + user + ResponseCode) was seen before. */
export async function firstClick(db: Db, platform: CardPlatform, key: string, at: Date): Promise<boolean> {
  const r =
    await sql`insert into chat_card_clicks (platform, click_key, at) values (${platform}, ${key}, ${at}::timestamptz)
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/**
 * Who gets the card: active users with the approver role whose warehouses include the request's,
 * signed in through the platform (a platform user id), never the requester.
 */
export async function approversFor(
  db: Db,
  orgId: string,
  platform: CardPlatform,
  warehouse: string,
  requester: string,
): Promise<{ user: string; platformUserId: string }[]> {
  const r = await sql<{ id: string; platform_user_id: string }>`
    select id, platform_user_id from users
    where org_id = ${orgId} and active and platform = ${platform} and platform_user_id is not null
      and 'approver' = any(roles) and ${warehouse} = any(warehouses) and id <> ${requester}
    order by id`.execute(db);
  return r.rows.map((u) => ({ user: u.id, platformUserId: u.platform_user_id }));
}
