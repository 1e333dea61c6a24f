import { sql } from 'kysely';
import type { ConnectorKind } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { conflict } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Connector } from '../sync/connectors/types.js';

/**
 * Pulls the other system's full snapshot of one kind through a connector: records with THEIR
 * field names (the connector's mapping, or our names and aliases without one, name them ours).
 * Pull sources register one per connector kind (database, http-poll …).
 */
export type SnapshotPuller = (
  deps: AppDeps,
  connector: Connector,
  kind: 'stock' | 'workOrders',
) => Promise<Record<string, unknown>[]>;

export const snapshotPullers = new Map<ConnectorKind, SnapshotPuller>();

export interface PulledSnapshot {
  records: Record<string, unknown>[];
  /** 'theirs': to go through the mapping; 'ours': already mapped (stored inbound stock snapshots). */
  names: 'theirs' | 'ours';
}

/**
 * The connector's snapshot: pulled by the puller of its kind; else, for stock, the latest
 * stockSnapshot records it sent in (inbound_stock_snapshots, already mapped); else 409 no-snapshot.
 */
export async function pullSnapshot(
  db: Db,
  deps: AppDeps,
  connector: Connector,
  kind: 'stock' | 'workOrders',
): Promise<PulledSnapshot> {
  const puller = snapshotPullers.get(connector.kind);
  if (puller) return { records: await puller(deps, connector, kind), names: 'theirs' };
  if (kind === 'stock') {
    const stored = await storedStockSnapshot(db, connector);
    if (stored.length > 0) return { records: stored, names: 'ours' };
  }
  throw conflict(
    'no-snapshot',
    `connector ${connector.id} (${connector.kind}) offers no ${kind} snapshot: upload the other system's file instead`,
    { connectorId: connector.id, connectorKind: connector.kind, kind },
  );
}

async function storedStockSnapshot(db: Db, connector: Connector): Promise<Record<string, unknown>[]> {
  const exists = await sql<{
    t: string | null;
  }>`select to_regclass('inbound_stock_snapshots')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  const r = await sql<{ item: string; location: string; lot: string; qty: string }>`
    select item, location, lot, qty::text as qty from inbound_stock_snapshots
    where org_id = ${connector.orgId} and connector_id = ${connector.id}`.execute(db);
  return r.rows;
}
