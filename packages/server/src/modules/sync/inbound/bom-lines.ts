import {
  type BomItemInput,
  type BomLineInput,
  type UomConversionInput,
  validateBom,
} from '@shopfloor/bom-engine';
import type { Db } from '../../../http/route.js';
import { linesOf } from '../../catalog/bom-store.js';
import type { Plan } from './appliers.js';
import type { ChunkContext, ItemRow } from './context.js';
import type { BomLineRecord } from './records.js';
import { reject } from './reject.js';

/** The org's BOM as far as an inbound line needs it: the edges (for cycles) and the stored lines' ids. */
export interface BomGraph {
  revision: number;
  children: Map<string, Set<string>>;
  /** parent \0 child \0 effectiveFrom -> line id */
  lineIds: Map<string, string>;
  maxSeq: Map<string, number>;
  conversions: UomConversionInput[];
}

const lineKey = (parent: string, child: string, from: string | null | undefined) =>
  `${parent}\u0000${child}\u0000${from ?? ''}`;

export async function loadBomGraph(db: Db, orgId: string, revision: number): Promise<BomGraph> {
  const [lines, conversions] = await Promise.all([
    db
      .selectFrom('bom_lines')
      .select(['id', 'parent', 'child', 'seq', 'effective_from'])
      .where('org_id', '=', orgId)
      .execute(),
    db
      .selectFrom('uom_conversions')
      .select(['from_uom', 'to_uom', 'factor', 'item'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
  ]);
  const graph: BomGraph = {
    revision,
    children: new Map(),
    lineIds: new Map(),
    maxSeq: new Map(),
    conversions: conversions.map((c) => ({
      from: c.from_uom,
      to: c.to_uom,
      factor: Number(c.factor),
      ...(c.item !== null ? { item: c.item } : {}),
    })),
  };
  for (const l of lines) addEdge(graph, l.parent, l.child, l.effective_from, String(l.id), l.seq);
  return graph;
}

function addEdge(g: BomGraph, parent: string, child: string, from: string | null, id: string, seq: number) {
  const set = g.children.get(parent) ?? new Set<string>();
  g.children.set(parent, set.add(child));
  g.lineIds.set(lineKey(parent, child, from), id);
  g.maxSeq.set(parent, Math.max(g.maxSeq.get(parent) ?? 0, seq));
}

/** The path child > … > parent when one exists: adding parent > child would close that cycle. */
function pathBetween(g: BomGraph, from: string, to: string): string[] | null {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const here = queue.shift()!;
    if (here === to) {
      const path = [here];
      for (let at = here; at !== from; ) {
        at = previous.get(at)!;
        path.unshift(at);
      }
      return path;
    }
    for (const next of g.children.get(here) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, here);
        queue.push(next);
      }
    }
  }
  return null;
}

const asEngineItem = (row: ItemRow): BomItemInput => ({
  code: row.code,
  name: row.name,
  uom: row.uom,
  type: row.type,
  ...(row.precision !== 6 ? { precision: row.precision } : {}),
});

/**
 * Upserts one BOM line, keyed by (parent, child, effectiveFrom), after the engine checked it: its
 * fields and unit against the two items and the org's conversions, and the whole graph for a cycle.
 */
export function planBomLine(ctx: ChunkContext, r: BomLineRecord): Plan {
  const g = ctx.bom!;
  const parent = ctx.items.get(r.parent);
  const child = ctx.items.get(r.child);
  if (!parent) reject('unknown-item', 'parent', `unknown parent item ${r.parent}`, { item: r.parent });
  if (!child) reject('unknown-item', 'child', `unknown child item ${r.child}`, { item: r.child });
  if (r.parent === r.child) {
    reject('bom-cycle', 'child', `BOM cycle ${r.parent} > ${r.child}: an item cannot contain itself`, {
      path: `${r.parent} > ${r.child}`,
    });
  }
  const line: BomLineInput = { ...r };
  const codes = new Set([r.parent, r.child]);
  const issues = validateBom({
    items: [asEngineItem(parent), asEngineItem(child)],
    uomConversions: g.conversions.filter((c) => c.item === undefined || codes.has(c.item)),
    bomLines: [line],
  }).filter((issue) => issue.severity === 'error');
  if (issues.length > 0) {
    const message = issues[0]!.message.replace(/bomLines\[0\]/g, 'the line');
    const field =
      /: (\w+) (?:must|\S+ is after)/.exec(message)?.[1] ?? (/no conversion/.test(message) ? 'uom' : '');
    reject(issues[0]!.code === 'UOM_CONVERSION' ? 'no-conversion' : 'invalid-bom-line', field, message);
  }
  const key = lineKey(r.parent, r.child, r.effectiveFrom);
  const existing = g.lineIds.get(key);
  if (!existing && !g.children.get(r.parent)?.has(r.child)) {
    const cycle = pathBetween(g, r.child, r.parent);
    if (cycle) {
      const path = [r.parent, ...cycle].join(' > ');
      reject('bom-cycle', 'child', `BOM cycle ${path}: ${r.parent} is made from ${r.child} already`, {
        path,
      });
    }
  }
  const values = {
    qty: r.qty,
    uom: r.uom ?? null,
    scrap_rate: r.scrapRate ?? 0,
    setup_qty: r.setupQty ?? 0,
    rounding_multiple: r.roundingMultiple ?? null,
    effective_to: r.effectiveTo ?? null,
  };
  let id = existing ?? '';
  const seq = existing ? 0 : (g.maxSeq.get(r.parent) ?? 0) + 1;
  return {
    async write() {
      if (existing) {
        await ctx.tx
          .updateTable('bom_lines')
          .set(values)
          .where('id', '=', existing as never)
          .execute();
        return;
      }
      const row = await ctx.tx
        .insertInto('bom_lines')
        .values({
          org_id: ctx.orgId,
          parent: r.parent,
          child: r.child,
          seq,
          effective_from: r.effectiveFrom ?? null,
          ...values,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = String(row.id);
    },
    commit: () => {
      if (!existing) addEdge(g, r.parent, r.child, r.effectiveFrom ?? null, id, seq);
      ctx.touchedParents.add(r.parent);
    },
  };
}

/** One bom.changed per parent whose lines changed, with its lines as PUT /boms emits them. */
export async function bomChangedEvents(ctx: ChunkContext): Promise<void> {
  for (const parent of [...ctx.touchedParents].sort()) {
    const lines = (await linesOf(ctx.tx, ctx.orgId, parent)).map(({ parent: _p, ...rest }) => rest);
    ctx.events.push({
      orgId: ctx.orgId,
      topic: 'bom.changed',
      aggregateType: 'bom',
      aggregateId: parent,
      payload: { parent, revision: ctx.bomRevision, lines, source: { connector: ctx.connector.id } },
    });
  }
}
