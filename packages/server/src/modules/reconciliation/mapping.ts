import type { Db } from '../../http/route.js';
import { compileMapping, type MapResult, mapInbound } from '../sync/mapping/engine.js';
import { loadMapping } from '../sync/mapping/store.js';
import { RECORD_KIND } from './fields.js';
import type { ReconciliationKind } from './tables.js';

/** Their record → ours, for one reconciliation kind. */
export type MapInbound = (kind: ReconciliationKind, source: Record<string, unknown>) => MapResult;

/**
 * The connector's mapping for the kind's record (stockSnapshot, workOrder) as a function, or null
 * when it has none for it: then the snapshot's columns are named by our names and aliases.
 */
export async function connectorMapping(
  db: Db,
  orgId: string,
  connectorId: string,
  kind: ReconciliationKind,
): Promise<MapInbound | null> {
  const mapping = await loadMapping(db, orgId, connectorId);
  if (!mapping || !compileMapping(mapping).entities[RECORD_KIND[kind]]) return null;
  return (k, source) => mapInbound(mapping, RECORD_KIND[k], source);
}
