import type { Db } from '../../../http/route.js';
import { type MapResult, mapInbound } from '../mapping/engine.js';
import { loadMapping } from '../mapping/store.js';
import type { RecordKind } from './records.js';

/** The connector's field mapping as the applier uses it: their record in, ours out. */
export interface InboundMapper {
  map(kind: RecordKind, source: Record<string, unknown>): MapResult;
}

/** The connector's current mapping, read once per batch; none = identity (their field names are ours). */
export async function loadMapper(db: Db, orgId: string, connectorId: string): Promise<InboundMapper> {
  const mapping = await loadMapping(db, orgId, connectorId);
  return { map: (kind, source) => mapInbound(mapping, kind, source) };
}
