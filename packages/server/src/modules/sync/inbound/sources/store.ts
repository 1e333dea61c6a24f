import { type Kysely, sql } from 'kysely';
import type { ConnectorKind, Database } from '../../../../db/schema.js';
import type { Db } from '../../../../http/route.js';
import type { Connector } from '../../connectors/types.js';

type DB = Kysely<Database> | Db;

/** A pull connector's watermark: per table for `database`, `{ since }` for `http-poll`. */
export type Cursor = Record<string, unknown>;

/** Enabled, not deleted connectors of the given kinds, every org. */
export async function enabledConnectors(db: DB, kinds: readonly ConnectorKind[]): Promise<Connector[]> {
  const rows = await db
    .selectFrom('sync_connectors')
    .select(['id', 'org_id', 'kind', 'name', 'config'])
    .where('kind', 'in', kinds as ConnectorKind[])
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, kind: r.kind, name: r.name, config: r.config }));
}

/** Ids of the given connectors whose next pull is due (never pulled, or next_run_at passed) and not leased. */
export async function duePulls(db: DB, ids: string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await sql<{ id: string }>`
    select c.id from sync_connectors c
    left join inbound_pull_state s on s.connector_id = c.id
    where c.id in (${sql.join(ids)})
      and (s.next_run_at is null or s.next_run_at <= ${now}::timestamptz)
      and (s.leased_until is null or s.leased_until <= ${now}::timestamptz)`.execute(db);
  return new Set(r.rows.map((row) => row.id));
}

/**
 * Takes the connector's pull lease: one pull at a time per connector across replicas. Null when
 * another pull holds it (a lease that ran out — a crashed replica — is taken over).
 */
export async function takeLease(
  db: DB,
  connector: Connector,
  owner: string,
  now: Date,
  until: Date,
): Promise<{ cursor: Cursor } | null> {
  await sql`insert into inbound_pull_state (connector_id, org_id) values (${connector.id}, ${connector.orgId})
    on conflict (connector_id) do nothing`.execute(db);
  const r = await sql<{ cursor: Cursor | null }>`
    update inbound_pull_state set leased_until = ${until}::timestamptz, lease_owner = ${owner}
    where connector_id = ${connector.id}
      and (leased_until is null or leased_until <= ${now}::timestamptz)
    returning cursor`.execute(db);
  const row = r.rows[0];
  return row ? { cursor: row.cursor ?? {} } : null;
}

/** Stores the watermark after the records it covers were applied; only while the lease is ours. */
export async function saveCursor(
  db: DB,
  connectorId: string,
  owner: string,
  cursor: Cursor,
): Promise<boolean> {
  const r = await sql`update inbound_pull_state set cursor = ${JSON.stringify(cursor)}::jsonb
    where connector_id = ${connectorId} and lease_owner = ${owner} returning connector_id`.execute(db);
  return r.rows.length > 0;
}

export async function releaseLease(
  db: DB,
  connectorId: string,
  owner: string,
  nextRunAt: Date,
): Promise<void> {
  await sql`update inbound_pull_state set leased_until = null, lease_owner = null, next_run_at = ${nextRunAt}::timestamptz
    where connector_id = ${connectorId} and lease_owner = ${owner}`.execute(db);
}

export interface RunTotals {
  records: number;
  applied: number;
  rejected: number;
  duplicates: number;
}

export async function startRun(
  db: DB,
  run: { connector: Connector; trigger: 'schedule' | 'manual'; by: string | null; at: Date; before: Cursor },
): Promise<number> {
  const row = await db
    .insertInto('inbound_runs')
    .values({
      org_id: run.connector.orgId,
      connector_id: run.connector.id,
      trigger: run.trigger,
      started_by: run.by,
      started_at: run.at,
      watermark_before: JSON.stringify(run.before),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function finishRun(
  db: DB,
  id: number,
  end: RunTotals & { at: Date; after: Cursor; error: string | null },
): Promise<void> {
  await db
    .updateTable('inbound_runs')
    .set({
      finished_at: end.at,
      records: end.records,
      applied: end.applied,
      rejected: end.rejected,
      duplicates: end.duplicates,
      watermark_after: JSON.stringify(end.after),
      error: end.error,
    })
    .where('id', '=', id)
    .execute();
}

/** What the connector list shows: its last successful pull or delivery, its last error. */
export async function noteConnectorOutcome(db: DB, connectorId: string, at: Date, error: string | null) {
  await db
    .updateTable('sync_connectors')
    .set(error === null ? { last_success_at: at, last_error: null } : { last_error: error })
    .where('id', '=', connectorId)
    .execute();
}
