import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Connector } from '../sync/connectors/types.js';
import { checkThreshold } from './alert.js';
import { type Comparison, compareStock, compareWorkOrders } from './compare.js';
import { connectorMapping } from './mapping.js';
import { ourStock, ourWorkOrders, ownersOf } from './ours.js';
import { type RawSnapshot, snapshotRows } from './snapshot.js';
import { storeRun } from './store.js';
import { type ReconciliationKind, type ReconciliationSource, type RunRow, reconDb } from './tables.js';

export interface RunInput {
  orgId: string;
  userId: string;
  kind: ReconciliationKind;
  connector: Connector | null;
  source: ReconciliationSource;
  snapshot: RawSnapshot;
  /** 'ours' for records already mapped (stored inbound snapshots): the mapping is not applied again. */
  names?: 'theirs' | 'ours';
}

/**
 * One reconciliation: their snapshot named our way (the connector's mapping or our headers),
 * our side read in one query, a hash join in memory, the run and its rows stored, and for a
 * scheduled connector the alert opened or resolved. A bad snapshot throws 400 before anything is
 * stored. Runs in the caller's transaction.
 */
export async function runReconciliation(db: Db, deps: AppDeps, input: RunInput): Promise<RunRow> {
  const mapping =
    input.connector && input.names !== 'ours'
      ? await connectorMapping(db, input.orgId, input.connector.id, input.kind)
      : null;
  const theirs = snapshotRows(input.kind, input.snapshot, mapping);
  let comparison: Comparison;
  if (theirs.kind === 'stock') comparison = compareStock(theirs.rows, await ourStock(db, input.orgId));
  else comparison = compareWorkOrders(theirs.rows, await ourWorkOrders(db, input.orgId));
  const owners = await ownersOf(db, input.orgId, input.kind, comparison.rows);
  const run = await storeRun(
    reconDb(db),
    {
      orgId: input.orgId,
      kind: input.kind,
      connectorId: input.connector?.id ?? null,
      source: input.source,
      fileName: input.snapshot.fileName,
      createdBy: input.userId,
      at: deps.clock.now(),
    },
    comparison,
    owners,
  );
  if (input.connector) await checkThreshold(reconDb(db), deps, run, input.connector);
  return run;
}

/** A live connector of the org (deleted ones are not), or 404. */
export async function findConnector(db: Db, orgId: string, id: string): Promise<Connector> {
  const row = await db
    .selectFrom('sync_connectors')
    .select(['id', 'org_id', 'kind', 'name', 'config'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound(`no sync connector '${id}'`, 'not-found', { connectorId: id });
  return { id: row.id, orgId: row.org_id, kind: row.kind, name: row.name, config: row.config };
}
