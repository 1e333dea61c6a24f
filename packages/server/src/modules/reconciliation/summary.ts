import { sql } from 'kysely';
import { z } from '../../http/route.js';
import type { Owner } from './ours.js';
import type { ReconDb } from './tables.js';

/** Documents listed per connector and kind; the owners' counts cover them all. */
const MAX_DOCUMENTS = 200;

const OwnerCount = z.object({ userId: z.string(), name: z.string(), documents: z.number().int() });

export const ReconciliationSummary = z
  .object({
    month: z.string(),
    items: z.array(
      z.object({
        connectorId: z.string().nullable(),
        connectorName: z.string().nullable(),
        kind: z.enum(['stock', 'workOrders']),
        runs: z.number().int(),
        rowsCompared: z
          .number()
          .int()
          .describe('Keys of either side over the runs: matched + missing + differing'),
        differences: z.number().int().describe('missingHere + missingThere + differing over the runs'),
        missingHere: z.number().int(),
        missingThere: z.number().int(),
        differing: z.number().int(),
        owners: z.array(OwnerCount).describe('Who owned the documents involved, with how many each'),
        documents: z.array(
          z.object({
            key: z.record(z.string(), z.string()),
            times: z.number().int().describe('Runs of the month in which it differed or was missing'),
            lastStatus: z.enum(['missingHere', 'missingThere', 'differing']),
            owners: z.array(z.object({ userId: z.string(), name: z.string(), role: z.string() })),
          }),
        ),
        documentsTruncated: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ReconciliationSummary' });
export type ReconciliationSummary = z.infer<typeof ReconciliationSummary>;

/** The month's runs per connector and kind, and the documents they found differing (月度对账审计). */
export async function monthlySummary(
  db: ReconDb,
  orgId: string,
  month: string,
  kinds: readonly string[],
): Promise<ReconciliationSummary> {
  const from = new Date(`${month}-01T00:00:00+08:00`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const to = new Date(`${next}-01T00:00:00+08:00`);
  const groups = await sql<{
    connector_id: string | null;
    connector_name: string | null;
    kind: 'stock' | 'workOrders';
    runs: number;
    matched: number;
    missing_here: number;
    missing_there: number;
    differing: number;
  }>`
    select r.connector_id, c.name as connector_name, r.kind, count(*)::int as runs,
      sum(r.matched)::int as matched, sum(r.missing_here)::int as missing_here,
      sum(r.missing_there)::int as missing_there, sum(r.differing)::int as differing
    from reconciliations r left join sync_connectors c on c.id = r.connector_id
    where r.org_id = ${orgId} and r.status = 'done' and r.created_at >= ${from} and r.created_at < ${to}
      and r.kind = any(${kinds}::text[])
    group by r.connector_id, c.name, r.kind
    order by r.connector_id nulls first, r.kind`.execute(db);
  const documents = await sql<{
    connector_id: string | null;
    kind: 'stock' | 'workOrders';
    key_item: string | null;
    key_location: string | null;
    key_lot: string | null;
    key_no: string | null;
    times: number;
    last_status: 'missingHere' | 'missingThere' | 'differing';
    owners: unknown;
  }>`
    select r.connector_id, r.kind, x.key_item, x.key_location, x.key_lot, x.key_no, count(*)::int as times,
      (array_agg(x.status order by r.created_at desc, r.id))[1] as last_status,
      (array_agg(x.owners order by r.created_at desc, r.id))[1] as owners
    from reconciliation_rows x join reconciliations r on r.id = x.run_id
    where r.org_id = ${orgId} and r.status = 'done' and r.created_at >= ${from} and r.created_at < ${to}
      and r.kind = any(${kinds}::text[]) and x.status <> 'matched'
    group by r.connector_id, r.kind, x.key_item, x.key_location, x.key_lot, x.key_no
    order by count(*) desc, x.key_no, x.key_item, x.key_location, x.key_lot`.execute(db);
  const items = groups.rows.map((g) => {
    const mine = documents.rows.filter((d) => d.connector_id === g.connector_id && d.kind === g.kind);
    const owners = new Map<string, { userId: string; name: string; documents: number }>();
    const listed = mine.map((d) => {
      const parsed = (typeof d.owners === 'string' ? JSON.parse(d.owners) : (d.owners ?? [])) as Owner[];
      for (const userId of new Set(parsed.map((o) => o.userId))) {
        const o = owners.get(userId) ?? {
          userId,
          name: parsed.find((p) => p.userId === userId)!.name,
          documents: 0,
        };
        o.documents++;
        owners.set(userId, o);
      }
      return {
        key: (g.kind === 'stock'
          ? { item: d.key_item ?? '', location: d.key_location ?? '', lot: d.key_lot ?? '' }
          : { no: d.key_no ?? '' }) as Record<string, string>,
        times: d.times,
        lastStatus: d.last_status,
        owners: parsed,
      };
    });
    return {
      connectorId: g.connector_id,
      connectorName: g.connector_name,
      kind: g.kind,
      runs: g.runs,
      rowsCompared: g.matched + g.missing_here + g.missing_there + g.differing,
      differences: g.missing_here + g.missing_there + g.differing,
      missingHere: g.missing_here,
      missingThere: g.missing_there,
      differing: g.differing,
      owners: [...owners.values()].sort(
        (a, b) => b.documents - a.documents || a.userId.localeCompare(b.userId),
      ),
      documents: listed.slice(0, MAX_DOCUMENTS),
      documentsTruncated: listed.length > MAX_DOCUMENTS,
    };
  });
  return { month, items };
}
