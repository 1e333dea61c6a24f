import { z } from '../../http/route.js';
import { isoShanghai } from '../../shared/time.js';
import type { RunRow } from './tables.js';

const Kind = z.enum(['stock', 'workOrders']);
export const RowStatusSchema = z.enum(['matched', 'missingHere', 'missingThere', 'differing']);

export const ReconciliationTotals = z
  .object({
    theirs: z.number().int().describe('Keys in their snapshot (rows with the same stock key added up)'),
    ours: z.number().int().describe('Our keys compared: matched + differing + missingThere'),
    matched: z.number().int(),
    missingHere: z.number().int().describe('In their snapshot only'),
    missingThere: z.number().int().describe('Ours only (stock: balances that are not 0)'),
    differing: z.number().int(),
  })
  .meta({ id: 'ReconciliationTotals' });

export const Reconciliation = z
  .object({
    id: z.uuid(),
    kind: Kind,
    connectorId: z.string().nullable(),
    source: z.enum(['upload', 'connector', 'schedule']),
    fileName: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    /** The user's name; absent for runs of the daily schedule ('system'). */
    createdByName: z.string().optional(),
    totals: ReconciliationTotals,
    status: z.enum(['done', 'failed']),
    error: z.string().nullable().optional(),
  })
  .meta({ id: 'Reconciliation' });
export type ReconciliationView = z.infer<typeof Reconciliation>;

export const ReconciliationOwner = z
  .object({
    userId: z.string(),
    name: z.string(),
    role: z.enum(['storekeeper', 'lastMover', 'creator', 'supervisor']),
  })
  .meta({ id: 'ReconciliationOwner' });

const Side = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

export const ReconciliationRow = z
  .object({
    status: RowStatusSchema,
    key: z
      .record(z.string(), z.string())
      .describe('{ item, location, lot } for stock, { no } for work orders'),
    ours: Side.nullable().describe('stock { qty }; work orders { item, qty, status }'),
    theirs: Side.nullable(),
    difference: z
      .object({
        qty: z.number().describe('ours − theirs, exact at the item precision'),
        fields: z.array(z.enum(['qty', 'item', 'status'])),
      })
      .nullable(),
    owners: z.array(ReconciliationOwner),
  })
  .meta({ id: 'ReconciliationRow' });

export const ReconciliationReport = Reconciliation.extend({
  rows: z.object({ items: z.array(ReconciliationRow), nextCursor: z.string().nullable() }),
}).meta({ id: 'ReconciliationReport' });

export function runView(r: RunRow, names: ReadonlyMap<string, string> = new Map()): ReconciliationView {
  return {
    id: r.id,
    kind: r.kind,
    connectorId: r.connector_id,
    source: r.source,
    fileName: r.file_name,
    createdAt: isoShanghai(r.created_at)!,
    createdBy: r.created_by,
    ...(names.has(r.created_by) ? { createdByName: names.get(r.created_by) } : {}),
    totals: {
      theirs: r.theirs,
      ours: r.ours,
      matched: r.matched,
      missingHere: r.missing_here,
      missingThere: r.missing_there,
      differing: r.differing,
    },
    status: r.status,
    ...(r.error ? { error: r.error } : {}),
  };
}
