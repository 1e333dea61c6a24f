import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AlertKind } from '../../db/schema.js';
import type { Db } from '../../http/route.js';
import { emitEvent } from '../../shared/events.js';
import type { AlertParams } from './words.js';

export interface AlertInput {
  orgId: string;
  kind: AlertKind;
  severity: 'info' | 'warning' | 'critical';
  /** What the alert is about, unique per kind while live: an item code, 'WO-1:20', a connector id. */
  subject: string;
  /** The Chinese text, kept for readers that do not word alerts themselves. */
  message: string;
  /** The values of the message, by name (alerts/words.ts), for wording in the reader's language. */
  params?: AlertParams;
  suggestion?: unknown;
  /** When it opened; the database's now() when absent. */
  at?: Date;
  /** Its scope, for alert rules (modules/alert-rules): the workshop, the warehouse, the owner's user id. */
  workshop?: string | null;
  warehouse?: string | null;
  owner?: string | null;
}

/**
 * Opens an alert unless one is already live for (kind, subject); a live one gets the fresh message
 * and suggestion. Emits 'alert.opened' (delivered as DingTalk/WeCom messages) only when it opens.
 */
export async function openAlert(db: Db, input: AlertInput): Promise<{ id: string; opened: boolean }> {
  const id = randomUUID();
  const inserted = await sql<{ id: string }>`
    insert into alerts (id, org_id, kind, severity, subject, message, params, suggestion, opened_at,
                        workshop, warehouse, owner)
    values (${id}, ${input.orgId}, ${input.kind}, ${input.severity}, ${input.subject}, ${input.message},
            ${input.params === undefined ? null : JSON.stringify(input.params)}::jsonb,
            ${input.suggestion === undefined ? null : JSON.stringify(input.suggestion)}::jsonb,
            coalesce(${input.at ?? null}::timestamptz, now()),
            ${input.workshop ?? null}, ${input.warehouse ?? null}, ${input.owner ?? null})
    on conflict (org_id, kind, subject) where status <> 'resolved' do nothing
    returning id`.execute(db);
  if (inserted.rows.length === 0) {
    const live = await db
      .updateTable('alerts')
      .set({
        message: input.message,
        params: input.params === undefined ? null : JSON.stringify(input.params),
        severity: input.severity,
        suggestion: input.suggestion === undefined ? null : JSON.stringify(input.suggestion),
        // An operation's owner may change while it is late: the next escalation goes to the new one.
        ...(input.owner !== undefined ? { owner: input.owner } : {}),
      })
      .where('org_id', '=', input.orgId)
      .where('kind', '=', input.kind)
      .where('subject', '=', input.subject)
      .where('status', '<>', 'resolved')
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: live.id, opened: false };
  }
  await emitEvent(db, {
    orgId: input.orgId,
    topic: 'alert.opened',
    aggregateType: 'alert',
    aggregateId: id,
    payload: {
      id,
      kind: input.kind,
      severity: input.severity,
      subject: input.subject,
      message: input.message,
      ...(input.params ? { params: input.params } : {}),
    },
  });
  return { id, opened: true };
}

/** Resolves the live alert for (kind, subject), if any. */
export async function resolveAlert(
  db: Db,
  orgId: string,
  kind: AlertKind,
  subject: string,
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: at })
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .where('status', '<>', 'resolved')
    .returning('id')
    .execute();
  if (r.length > 0) {
    await emitEvent(db, {
      orgId,
      topic: 'alert.resolved',
      aggregateType: 'alert',
      aggregateId: r[0]!.id,
      payload: { id: r[0]!.id, kind, subject },
    });
  }
  return r.length > 0;
}

/**
 * Records that a person has seen the alert. Idempotent: the first acknowledgement is kept; an open
 * alert becomes acknowledged, a resolved one stays resolved. Null when the alert is not in the org.
 */
export async function acknowledgeAlert(
  db: Db,
  orgId: string,
  id: string,
  by: string,
  at: Date,
): Promise<{ firstTime: boolean } | null> {
  const changed = await db
    .updateTable('alerts')
    .set({
      acknowledged_at: at,
      acknowledged_by: by,
      status: sql<'acknowledged' | 'resolved'>`case when status = 'open' then 'acknowledged' else status end`,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .returning(['id', 'kind', 'subject'])
    .executeTakeFirst();
  if (changed) {
    await emitEvent(db, {
      orgId,
      topic: 'alert.acknowledged',
      aggregateType: 'alert',
      aggregateId: id,
      payload: { id, kind: changed.kind, subject: changed.subject, by },
    });
    return { firstTime: true };
  }
  const exists = await db
    .selectFrom('alerts')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return exists ? { firstTime: false } : null;
}
