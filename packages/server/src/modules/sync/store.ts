import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Connector, OutboxEvent } from './connectors/types.js';

type DB = Kysely<Database>;

const FAN_OUT_BATCH = 500;
// Only one replica fans out at a time, so deliveries are created in event id order.
const FAN_OUT_LOCK = 7_260_404;

/**
 * Creates the deliveries of new outbox events: one per enabled connector of the event's org whose
 * topics match. Events nobody subscribes to are delivered at once (nothing to wait for).
 */
export async function fanOut(db: DB, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const lock = await sql<{
        ok: boolean;
      }>`select pg_try_advisory_xact_lock(${FAN_OUT_LOCK}) as ok`.execute(tx);
      if (!lock.rows[0]?.ok) return 0;
      const r = await sql<{ id: number }>`
        with batch as (
          select id, org_id, topic, aggregate_type, aggregate_id from outbox_events
          where fanned_out_at is null order by id limit ${FAN_OUT_BATCH}
        ), ins as (
          insert into sync_deliveries (event_id, connector_id, org_id, aggregate_type, aggregate_id, next_attempt_at)
          select b.id, c.id, b.org_id, b.aggregate_type, b.aggregate_id, ${now}::timestamptz
          from batch b join sync_connectors c
            on c.org_id = b.org_id and c.enabled and (c.topics is null or b.topic = any(c.topics))
          on conflict do nothing
          returning event_id
        )
        update outbox_events e set fanned_out_at = ${now}::timestamptz,
          delivered_at = case when exists (select 1 from ins where ins.event_id = e.id) then null else ${now}::timestamptz end
        from batch where e.id = batch.id
        returning e.id`.execute(tx);
      return r.rows.length;
    });
    total += done;
    if (done < FAN_OUT_BATCH) return total;
  }
}

export interface Claimed {
  eventId: number;
  connectorId: string;
  attempts: number;
}

export interface ClaimOptions {
  now: Date;
  /** Claimed deliveries are not due again before this: the lease covers the delivery's time out. */
  leaseUntil: Date;
  /** Message connectors that sent after this instant are still in their one-message-a-minute window. */
  windowStart: Date;
  batch: number;
  messageKinds: readonly string[];
}

/**
 * Claims due deliveries, each the oldest undelivered event of its aggregate for its connector (so
 * events of one aggregate arrive in id order), and leases them by moving next_attempt_at. SKIP LOCKED
 * lets replicas claim side by side without waiting on each other or taking the same row.
 */
export async function claim(db: DB, o: ClaimOptions): Promise<Claimed[]> {
  const r = await sql<{ event_id: number; connector_id: string; attempts: number }>`
    update sync_deliveries d set next_attempt_at = ${o.leaseUntil}::timestamptz
    from (
      select d2.event_id, d2.connector_id
      from sync_deliveries d2
      join sync_connectors c on c.id = d2.connector_id
      where d2.delivered_at is null
        and d2.next_attempt_at <= ${o.now}::timestamptz
        and c.enabled
        and (c.kind not in (${sql.join(o.messageKinds)})
             or c.last_sent_at is null or c.last_sent_at <= ${o.windowStart}::timestamptz)
        and not exists (
          select 1 from sync_deliveries p
          where p.connector_id = d2.connector_id and p.org_id = d2.org_id
            and p.aggregate_type = d2.aggregate_type and p.aggregate_id = d2.aggregate_id
            and p.delivered_at is null and p.event_id < d2.event_id)
        and not exists (
          select 1 from outbox_events u
          where u.fanned_out_at is null and u.org_id = d2.org_id
            and u.aggregate_type = d2.aggregate_type and u.aggregate_id = d2.aggregate_id and u.id < d2.event_id)
      order by d2.event_id
      limit ${o.batch}
      for update of d2 skip locked
    ) c
    where d.event_id = c.event_id and d.connector_id = c.connector_id
    returning d.event_id, d.connector_id, d.attempts`.execute(db);
  return r.rows
    .map((row) => ({ eventId: Number(row.event_id), connectorId: row.connector_id, attempts: row.attempts }))
    .sort((a, b) => a.eventId - b.eventId);
}

export async function loadEvents(db: DB, ids: number[]): Promise<Map<number, OutboxEvent>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('outbox_events')
    .selectAll()
    .where('id', 'in', ids as never[])
    .execute();
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        id: Number(r.id),
        orgId: r.org_id,
        topic: r.topic,
        aggregateType: r.aggregate_type,
        aggregateId: r.aggregate_id,
        payload: r.payload,
        createdAt: r.created_at,
      },
    ]),
  );
}

export async function loadConnectors(db: DB, ids: string[]): Promise<Map<string, Connector>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('sync_connectors').selectAll().where('id', 'in', ids).execute();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, orgId: r.org_id, kind: r.kind, name: r.name, config: r.config }]),
  );
}

/** Takes the one-message-a-minute slot of a message connector; false when another replica took it. */
export async function takeSendWindow(
  db: DB,
  connectorId: string,
  now: Date,
  windowStart: Date,
): Promise<boolean> {
  const r = await sql`
    update sync_connectors set last_sent_at = ${now}::timestamptz
    where id = ${connectorId} and (last_sent_at is null or last_sent_at <= ${windowStart}::timestamptz)
    returning id`.execute(db);
  return r.rows.length > 0;
}

export async function markDelivered(
  db: DB,
  connectorId: string,
  eventIds: number[],
  now: Date,
): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .updateTable('sync_deliveries')
    .set((eb) => ({ delivered_at: now, last_error: null, attempts: eb('attempts', '+', 1) }))
    .where('connector_id', '=', connectorId)
    .where('event_id', 'in', eventIds)
    .execute();
  // The event is delivered when no connector still waits for it.
  await sql`
    update outbox_events e set delivered_at = ${now}::timestamptz, last_error = null
    where e.id in (${sql.join(eventIds)}) and e.delivered_at is null
      and not exists (select 1 from sync_deliveries d where d.event_id = e.id and d.delivered_at is null)`.execute(
    db,
  );
  await db
    .updateTable('sync_connectors')
    .set({ last_success_at: now, last_error: null })
    .where('id', '=', connectorId)
    .execute();
}

export async function markFailed(
  db: DB,
  failure: { connectorId: string; eventId: number; attempts: number; error: string; nextAttemptAt: Date },
): Promise<void> {
  await db
    .updateTable('sync_deliveries')
    .set({ attempts: failure.attempts, last_error: failure.error, next_attempt_at: failure.nextAttemptAt })
    .where('connector_id', '=', failure.connectorId)
    .where('event_id', '=', failure.eventId)
    .execute();
  // Mirrored on the event so the outbox alone tells an operator something is stuck.
  await sql`
    update outbox_events set attempts = greatest(attempts, ${failure.attempts}), last_error = ${failure.error},
      next_attempt_at = ${failure.nextAttemptAt}::timestamptz
    where id = ${failure.eventId}`.execute(db);
  await db
    .updateTable('sync_connectors')
    .set({ last_error: failure.error })
    .where('id', '=', failure.connectorId)
    .execute();
}

export interface FailureCount {
  consecutiveFailures: number;
  alertAfterFailures: number;
}

/**
 * Counts a delivery round into the connector's run of consecutive failures: a round with a
 * delivery restarts the run from that round's failures, a round without one extends it.
 */
export async function countFailures(
  db: DB,
  connectorId: string,
  round: { delivered: number; failed: number },
): Promise<FailureCount> {
  const r = await sql<{ consecutive_failures: number; alert_after_failures: number }>`
    update sync_connectors set consecutive_failures =
      case when ${round.delivered} > 0 then ${round.failed} else consecutive_failures + ${round.failed} end
    where id = ${connectorId}
    returning consecutive_failures, alert_after_failures`.execute(db);
  const row = r.rows[0];
  return {
    consecutiveFailures: Number(row?.consecutive_failures ?? 0),
    alertAfterFailures: Number(row?.alert_after_failures ?? 2),
  };
}

/** Gives a claimed delivery back without counting an attempt. */
export async function release(db: DB, connectorId: string, eventIds: number[], at: Date): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .updateTable('sync_deliveries')
    .set({ next_attempt_at: at })
    .where('connector_id', '=', connectorId)
    .where('event_id', 'in', eventIds)
    .where('delivered_at', 'is', null)
    .execute();
}
