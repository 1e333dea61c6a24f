import { compileGenealogy, type LotKind } from '@shopfloor/bom-engine';
import type { LotTrace, TraceDirection } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import { qty } from '../../shared/numbers.js';

/** Without maxDepth a trace still stops here: a genealogy deeper than this is a data error. */
export const DEFAULT_MAX_DEPTH = 50;

interface EdgeRow {
  from_lot: string;
  to_lot: string;
  qty: string;
  kind: 'consume' | 'ship';
  at: Date;
  report_id: string | null;
}

interface LotRow {
  code: string;
  item: string;
  kind: LotKind;
  customer: string | null;
}

/**
 * The trace of a lot: a recursive CTE fetches only the edges the lot reaches within `maxDepth`
 * (the cost follows the lot, not the genealogy), the engine's genealogy answers the trace, the tree
 * and, going forward, the recall impact.
 */
export async function traceLot(
  db: Db,
  orgId: string,
  root: LotRow,
  direction: TraceDirection,
  maxDepth = DEFAULT_MAX_DEPTH,
): Promise<LotTrace> {
  const [near, far] = direction === 'backward' ? ['to_lot', 'from_lot'] : ['from_lot', 'to_lot'];
  const edges = await sql<EdgeRow>`
    with recursive reach(lot, depth) as (
      select ${root.code}::text, 0
      union
      select e.${sql.ref(far)}, r.depth + 1
      from reach r join genealogy_edges e on e.org_id = ${orgId} and e.${sql.ref(near)} = r.lot
      where r.depth + 1 < ${maxDepth}
    )
    select e.from_lot, e.to_lot, e.qty, e.kind, e.at, e.report_id
    from genealogy_edges e
    where e.org_id = ${orgId} and e.${sql.ref(near)} in (select lot from reach)
    order by e.id`.execute(db);
  const codes = new Set<string>([root.code]);
  for (const e of edges.rows) codes.add(e.from_lot).add(e.to_lot);
  const lots = await db
    .selectFrom('lots')
    .select(['code', 'item', 'kind', 'customer'])
    .where('org_id', '=', orgId)
    .where('code', 'in', [...codes])
    .execute();
  const itemOf = new Map(lots.map((l) => [l.code, l.item]));

  const genealogy = compileGenealogy(
    edges.rows.map((e) => ({
      from: e.from_lot,
      to: e.to_lot,
      qty: Number(e.qty),
      kind: e.kind,
      at: e.at.toISOString(),
    })),
    {
      lots: lots.map((l) => ({
        lot: l.code,
        item: l.item,
        kind: l.kind,
        ...(l.customer ? { customer: l.customer } : {}),
      })),
    },
  );
  const trace =
    direction === 'backward'
      ? genealogy.traceBackward(root.code, { maxDepth })
      : genealogy.traceForward(root.code, { maxDepth });
  // Repeated records of a pair merge into one engine edge; the first report names the document.
  const reportOf = new Map<string, string>();
  for (const e of edges.rows) {
    const key = `${e.from_lot}\u0000${e.to_lot}`;
    if (e.report_id && !reportOf.has(key)) reportOf.set(key, e.report_id);
  }
  const answer: LotTrace = {
    lot: root.code,
    item: root.item,
    direction,
    nodes: [
      { lot: root.code, item: root.item, depth: 0 },
      ...trace.nodes.map((n) => ({ lot: n.lot, item: itemOf.get(n.lot) ?? n.item ?? '', depth: n.depth })),
    ],
    edges: trace.edges.map((e) => {
      const report = reportOf.get(`${e.from}\u0000${e.to}`);
      return {
        from: e.from,
        fromItem: itemOf.get(e.from) ?? '',
        to: e.to,
        toItem: itemOf.get(e.to) ?? '',
        qty: qty(e.qty),
        ...(report ? { document: { type: 'operation-report', id: report } } : {}),
      };
    }),
    tree: trace.toTree(),
  };
  if (direction === 'forward') {
    const { finishedLots, customerLots, customers, affectedLots } = genealogy.recallImpact(root.code);
    answer.recall = { finishedLots, customerLots, customers, affectedLots };
  }
  return answer;
}
