import { Lot, LotCode, LotTrace, TraceDirection } from '@shopfloor/sdk';
import { z } from 'zod';
import { notFound } from '../../http/problem.js';
import { type Db, defineRoute } from '../../http/route.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';
import { DEFAULT_MAX_DEPTH, traceLot } from './lot-trace.js';

const CodeParams = z.object({ code: LotCode });
const TraceQuery = z.object({
  direction: TraceDirection,
  maxDepth: z.number().int().min(0).max(DEFAULT_MAX_DEPTH).optional(),
});

async function findLot(db: Db, orgId: string, code: string) {
  const lot = await db
    .selectFrom('lots as l')
    .leftJoin('items as i', (j) => j.onRef('i.org_id', '=', 'l.org_id').onRef('i.code', '=', 'l.item'))
    .select([
      'l.code',
      'l.item',
      'l.kind',
      'l.customer',
      'l.qty',
      'l.created_at',
      'l.origin_type',
      'l.origin_id',
      'i.precision',
    ])
    .where('l.org_id', '=', orgId)
    .where('l.code', '=', code)
    .executeTakeFirst();
  if (!lot) throw notFound(`lot ${code} does not exist`, 'lot-not-found', { lot: code });
  return lot;
}

export const lotRoutes = [
  defineRoute({
    method: 'get',
    path: '/lots/{code}',
    summary: 'A lot (批次): item, quantity produced into it, and the document that created it',
    tags: ['lots'],
    auth: 'any',
    params: CodeParams,
    response: Lot,
    async handler({ params, user, db }) {
      const lot = await findLot(db, user.orgId, params.code);
      return {
        code: lot.code,
        item: lot.item,
        kind: lot.kind,
        qty: qty(lot.qty, lot.precision ?? 6),
        producedAt: isoShanghai(lot.created_at)!,
        ...(lot.origin_type && lot.origin_id ? { origin: { type: lot.origin_type, id: lot.origin_id } } : {}),
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/lots/{code}/trace',
    summary: 'Lot genealogy: what went into the lot (backward) or where it went (forward)',
    description: `Nodes (the lot itself at depth 0), edges with the reporting document, a tree for display, and for forward traces the recall impact. maxDepth defaults to ${DEFAULT_MAX_DEPTH}.`,
    tags: ['lots'],
    auth: 'any',
    params: CodeParams,
    query: TraceQuery,
    response: LotTrace,
    async handler({ params, query, user, db }) {
      const lot = await findLot(db, user.orgId, params.code);
      return traceLot(db, user.orgId, lot, query.direction, query.maxDepth);
    },
  }),
];
