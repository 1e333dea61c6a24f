import type { AppDeps } from '../../../../deps.js';
import { conflict, HttpProblem } from '../../../../http/problem.js';
import { type SnapshotPuller, snapshotPullers } from '../../../reconciliation/pull.js';
import type { ConnectorConfig } from '../../connector-config.js';
import type { Connector } from '../../connectors/types.js';
import { mapInbound } from '../../mapping/engine.js';
import { loadMapping } from '../../mapping/store.js';
import type { RecordKind } from '../records.js';
import { allRows } from './database.js';
import { getJson, recordsOf } from './http-poll.js';

/** The connector cannot give a snapshot of that kind (no such table, not a pull connector, source down). */
export class SnapshotUnavailable extends Error {
  override name = 'SnapshotUnavailable';
  constructor(
    message: string,
    /** not-offered: the connector reads no such records; source-failed: the other system did not answer. */
    readonly reason: 'not-offered' | 'source-failed' = 'not-offered',
  ) {
    super(message);
  }
}

const KIND_OF = { stock: 'stockSnapshot', workOrders: 'workOrder' } as const satisfies Record<
  string,
  RecordKind
>;

/**
 * The other system's full snapshot for a reconciliation: every row of the connector's table (or
 * every record of its HTTP endpoint) of that record kind, mapped to our field names through the
 * connector's mapping. Rows the mapping refuses are left out and logged. (Registered for the
 * reconciliation as a SnapshotPuller of database and http-poll connectors, with their names.)
 */
export async function pullSnapshot(
  deps: AppDeps,
  connector: Connector,
  kind: 'stock' | 'workOrders',
): Promise<Record<string, unknown>[]> {
  const recordKind = KIND_OF[kind];
  const rows = await pullTheirSnapshot(connector, kind);
  const mapping = await loadMapping(deps.db, connector.orgId, connector.id);
  const out: Record<string, unknown>[] = [];
  let refused = 0;
  for (const row of rows) {
    const mapped = mapInbound(mapping, recordKind, row);
    if (mapped.ok) out.push(mapped.record);
    else refused++;
  }
  if (refused > 0) {
    deps.logger.warn(
      { connector: connector.id, kind, refused },
      'snapshot rows the mapping refused were left out',
    );
  }
  return out;
}

/**
 * The same snapshot with THEIR field names, as the other system gives it (objects only). Touches
 * only the other system, never our database: callable inside a transaction on PGlite.
 */
export async function pullTheirSnapshot(
  connector: Connector,
  kind: 'stock' | 'workOrders',
): Promise<Record<string, unknown>[]> {
  const recordKind = KIND_OF[kind];
  let rows: unknown[];
  try {
    if (connector.kind === 'database') {
      const config = connector.config as ConnectorConfig<'database'>;
      const table = config.tables.find((t) => t.kind === recordKind);
      if (!table) {
        throw new SnapshotUnavailable(
          `connector '${connector.name}' reads no table of ${recordKind} records`,
        );
      }
      rows = await allRows(config, table);
    } else if (connector.kind === 'http-poll') {
      const config = connector.config as ConnectorConfig<'http-poll'>;
      if (config.kind !== recordKind) {
        throw new SnapshotUnavailable(
          `connector '${connector.name}' polls ${config.kind} records, not ${recordKind}`,
        );
      }
      rows = recordsOf(config, await getJson(config, undefined));
    } else {
      throw new SnapshotUnavailable(
        `connector '${connector.name}' (${connector.kind}) cannot be asked for a snapshot; use a database or http-poll connector`,
      );
    }
  } catch (err) {
    if (err instanceof SnapshotUnavailable) throw err;
    throw new SnapshotUnavailable(
      `connector '${connector.name}': ${(err instanceof Error ? err.message : String(err)).replace(/\/\/[^@\s/]*@/g, '//***@')}`,
      'source-failed',
    );
  }
  return rows.filter(
    (r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r),
  );
}

/** The reconciliation pulls database and http-poll snapshots through this (their names; it maps them itself). */
const puller: SnapshotPuller = async (_deps, connector, kind) => {
  try {
    return await pullTheirSnapshot(connector, kind);
  } catch (err) {
    if (!(err instanceof SnapshotUnavailable)) throw err;
    if (err.reason === 'not-offered') {
      throw conflict('no-snapshot', err.message, {
        connectorId: connector.id,
        connectorKind: connector.kind,
        kind,
      });
    }
    throw new HttpProblem(502, 'snapshot-source-failed', 'The other system did not answer', err.message);
  }
};
snapshotPullers.set('database', puller);
snapshotPullers.set('http-poll', puller);
