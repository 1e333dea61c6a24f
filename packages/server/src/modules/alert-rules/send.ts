import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import type { AlertParams } from '../alerts/words.js';
import { platformClients } from '../platform/clients.js';
import { type MarkdownMessage, sendDingTalkRobot } from '../platform/dingtalk.js';
import { sendWeComRobot } from '../platform/wecom.js';
import { backoffDelay } from '../sync/backoff.js';
import type { ConnectorConfig } from '../sync/connector-config.js';
import { sendAlertEmail } from '../sync/connectors/email.js';
import { findConnector } from '../sync/find-connector.js';
import { alertDigestFor, DIGEST_MAX_ALERTS, type DigestAlert, plainText } from './digest.js';
import { windowsOf } from './limits.js';

/** A notification is given up (state failed) after this many failed attempts. */
export const MAX_ATTEMPTS = 8;
/** Claims serialise on this lock across replicas: the rate counts and the reservations stay exact. */
const CLAIM_LOCK = 7260422;

interface DueRow {
  id: string;
  org_id: string;
  alert_id: string;
  level: number;
  user_id: string;
  channel: string;
  attempts: number;
  alert_status: string;
  kind: string;
  severity: string;
  subject: string;
  message: string;
  params: AlertParams | null;
  opened_at: Date;
}

/** One digest to send: a reserved alert_messages row and the notifications it carries. */
export interface Reserved {
  messageId: string;
  orgId: string;
  channel: string;
  user: string;
  rows: DueRow[];
}

/**
 * Step 2 and 3, the claim: due rows (queued, or held past their quiet hours) are grouped per org,
 * channel and person, up to DIGEST_MAX_ALERTS each. A group whose channel would pass a rate limit
 * waits (its rows' next attempt at the moment the window frees up); the others get a reserved
 * message row and a lease. Rows whose alert closed first are skipped: resolved ones at every level,
 * acknowledged ones for escalations.
 */
export async function claimDigests(
  deps: AppDeps,
  now: Date,
  leaseMs: number,
  limit = 2000,
): Promise<Reserved[]> {
  return deps.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`.execute(tx);
    const due = await sql<DueRow>`
      select n.id, n.org_id, n.alert_id, n.level, n.user_id, n.channel, n.attempts,
             a.status as alert_status, a.kind, a.severity, a.subject, a.message, a.params, a.opened_at
      from alert_notifications n
      join alerts a on a.org_id = n.org_id and a.id = n.alert_id
      where n.state in ('queued', 'held') and n.next_attempt_at <= ${now}::timestamptz
      order by n.next_attempt_at, n.created_at, n.id
      limit ${limit}
      for update of n skip locked`.execute(tx);
    const closed = due.rows.filter(
      (r) => r.alert_status === 'resolved' || (r.level > 0 && r.alert_status !== 'open'),
    );
    if (closed.length > 0) {
      await sql`update alert_notifications set state = 'skipped',
          error = 'the alert was acknowledged or resolved before it was sent'
        where id = any(${closed.map((r) => r.id)}::uuid[])`.execute(tx);
    }
    const groups = new Map<string, DueRow[]>();
    for (const r of due.rows) {
      if (closed.includes(r)) continue;
      const key = `${r.org_id}\u0000${r.channel}\u0000${r.user_id}`;
      const list = groups.get(key) ?? [];
      if (list.length < DIGEST_MAX_ALERTS) list.push(r);
      groups.set(key, list);
    }
    const reserved: Reserved[] = [];
    for (const rows of groups.values()) {
      const { org_id: orgId, channel, user_id: user } = rows[0]!;
      const ids = rows.map((r) => r.id);
      const freeAt = await windowFreesAt(tx, channel, user, now);
      if (freeAt) {
        await sql`update alert_notifications set next_attempt_at = ${freeAt}::timestamptz
          where id = any(${ids}::uuid[])`.execute(tx);
        continue;
      }
      const messageId = randomUUID();
      await sql`insert into alert_messages (id, org_id, channel, user_id, alerts, state, at)
        values (${messageId}, ${orgId}, ${channel}, ${user}, ${rows.length}, 'sending', ${now}::timestamptz)`.execute(
        tx,
      );
      await sql`update alert_notifications set state = 'queued', message_id = ${messageId},
          next_attempt_at = ${new Date(now.getTime() + leaseMs)}::timestamptz
        where id = any(${ids}::uuid[])`.execute(tx);
      reserved.push({ messageId, orgId, channel, user, rows });
    }
    return reserved;
  });
}

/** When a message on `channel` to `user` may go, if a window is full now; null when it may go now. */
async function windowFreesAt(db: Db, channel: string, user: string, now: Date): Promise<Date | null> {
  let latest: Date | null = null;
  for (const w of windowsOf(channel)) {
    const since = new Date(now.getTime() - w.ms);
    const who = w.scope === 'recipient' ? sql`and user_id = ${user}` : sql``;
    const r = await sql<{ at: Date }>`
      select at from alert_messages where channel = ${channel} ${who} and at > ${since}::timestamptz
      order by at desc limit ${w.max}`.execute(db);
    if (r.rows.length < w.max) continue;
    // The oldest of the last `max` messages leaves the window first.
    const frees = new Date(new Date(r.rows.at(-1)!.at).getTime() + w.ms + 1);
    if (!latest || frees > latest) latest = frees;
  }
  return latest;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/** Sends one reserved digest and records the outcome on its rows; a failure retries with back-off. */
export async function deliverDigest(deps: AppDeps, d: Reserved, random = Math.random): Promise<boolean> {
  const now = deps.clock.now();
  const alerts: DigestAlert[] = d.rows.map((r) => ({
    id: r.alert_id,
    kind: r.kind,
    severity: r.severity,
    subject: r.subject,
    message: r.message,
    params: r.params,
    level: r.level,
    openedAt: new Date(r.opened_at),
  }));
  const message = alertDigestFor(alerts, deps.config.publicUrl, now);
  try {
    await send(deps, d, message);
    await deps.db.transaction().execute(async (tx) => {
      await sql`update alert_notifications set state = 'sent', sent_at = ${now}::timestamptz,
          attempts = attempts + 1, error = null where message_id = ${d.messageId} and state = 'queued'`.execute(
        tx,
      );
      await sql`update alert_messages set state = 'sent' where id = ${d.messageId}`.execute(tx);
    });
    return true;
  } catch (err) {
    const error = messageOf(err);
    await deps.db.transaction().execute(async (tx) => {
      for (const r of d.rows) {
        const attempts = r.attempts + 1;
        await sql`update alert_notifications set attempts = ${attempts}, error = ${error},
            state = ${attempts >= MAX_ATTEMPTS ? 'failed' : 'queued'},
            next_attempt_at = ${new Date(now.getTime() + backoffDelay(attempts, random))}::timestamptz
          where id = ${r.id} and message_id = ${d.messageId}`.execute(tx);
      }
      await sql`update alert_messages set state = 'failed', error = ${error} where id = ${d.messageId}`.execute(
        tx,
      );
    });
    deps.logger.warn({ err, channel: d.channel, user: d.user }, 'alert notification not delivered');
    return false;
  }
}

async function send(deps: AppDeps, d: Reserved, message: MarkdownMessage): Promise<void> {
  if (d.channel.startsWith('robot:')) {
    const connector = await findConnector(deps.db, d.orgId, d.channel.slice('robot:'.length));
    if (!connector.enabled) throw new Error(`robot connector '${connector.name}' is disabled`);
    const bases = deps.config.platformApiBase;
    if (connector.kind === 'dingtalk-robot')
      return sendDingTalkRobot(
        bases.dingtalk,
        connector.config as ConnectorConfig<'dingtalk-robot'>,
        message,
        deps.clock.now().getTime(),
      );
    if (connector.kind === 'wecom-robot')
      return sendWeComRobot(
        bases.wecom,
        (connector.config as ConnectorConfig<'wecom-robot'>).key,
        message.text,
      );
    throw new Error(`connector '${connector.name}' is a ${connector.kind}, not a group robot`);
  }
  const person = (
    await sql<{ platform_user_id: string | null; email: string | null }>`
      select platform_user_id, email from users where org_id = ${d.orgId} and id = ${d.user}`.execute(deps.db)
  ).rows[0];
  if (!person) throw new Error(`user '${d.user}' is gone`);
  const clients = platformClients(deps);
  switch (d.channel) {
    case 'dingtalk':
      if (!clients.dingtalk || !person.platform_user_id)
        throw new Error('DingTalk is not configured for this user');
      return clients.dingtalk.sendWorkNotice({ userIds: [person.platform_user_id] }, message);
    case 'wecom':
      if (!clients.wecom || !person.platform_user_id)
        throw new Error('WeCom is not configured for this user');
      return clients.wecom.sendAppMessage({ userIds: [person.platform_user_id] }, message.text);
    case 'email':
      if (!deps.config.smtpUrl || !person.email) throw new Error('no SMTP server or no e-mail address');
      return sendAlertEmail(deps.config.smtpUrl, [person.email], {
        subject: `Shopfloor ${message.title}`,
        text: plainText(message.text),
      });
    default:
      throw new Error(`unknown channel '${d.channel}'`);
  }
}
