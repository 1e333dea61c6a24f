import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../../shared/cursor.js';
import type { ComparedRow, Comparison } from './compare.js';
import type { Owner } from './ours.js';
import type { ReconciliationKind, ReconciliationSource, ReconDb, RowStatus, RunRow } from './tables.js';

/** Rows per insert statement: one array parameter per column (unnest), so the size is free of the 65,535-parameter limit. */
const INSERT_BATCH = 25_000;
/** Matched rows per stored chunk. */
const MATCHED_CHUNK = 10_000;

type Packed = [
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];
const pack = (r: ComparedRow): Packed => [
  r.item,
  r.location,
  r.lot,
  r.no,
  r.ourItem,
  r.theirItem,
  r.ourQty,
  r.theirQty,
  r.ourStatus,
  r.theirStatus,
];
const unpack = (p: Packed, seq: number): StoredRow => ({
  seq,
  status: 'matched',
  key_item: p[0],
  key_location: p[1],
  key_lot: p[2],
  key_no: p[3],
  our_item: p[4],
  their_item: p[5],
  our_qty: p[6],
  their_qty: p[7],
  our_status: p[8],
  their_status: p[9],
  diff_qty: null,
  owners: [],
});

export interface NewRun {
  orgId: string;
  kind: ReconciliationKind;
  connectorId: string | null;
  source: ReconciliationSource;
  fileName: string | null;
  createdBy: string;
  at: Date;
}

/**
 * Stores a run and all its rows: differing and missing ones a row each (with owners), in batches;
 * matched ones packed MATCHED_CHUNK to a row, as nobody filters inside them.
 */
export async function storeRun(
  db: ReconDb,
  run: NewRun,
  comparison: Comparison,
  owners: Map<ComparedRow, Owner[]>,
): Promise<RunRow> {
  const id = randomUUID();
  const t = comparison.totals;
  const stored = await db
    .insertInto('reconciliations')
    .values({
      id,
      org_id: run.orgId,
      kind: run.kind,
      connector_id: run.connectorId,
      source: run.source,
      file_name: run.fileName,
      status: 'done',
      error: null,
      created_at: run.at,
      created_by: run.createdBy,
      theirs: t.theirs,
      ours: t.ours,
      matched: t.matched,
      missing_here: t.missingHere,
      missing_there: t.missingThere,
      differing: t.differing,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const rows = comparison.rows;
  const firstMatched = rows.length - comparison.totals.matched;
  for (let start = 0; start < firstMatched; start += INSERT_BATCH) {
    const batch = rows.slice(start, Math.min(start + INSERT_BATCH, firstMatched));
    const col = <T>(f: (r: ComparedRow) => T) => batch.map(f);
    await sql`
      insert into reconciliation_rows (run_id, seq, org_id, status, key_item, key_location, key_lot, key_no,
        our_item, their_item, our_qty, their_qty, our_status, their_status, diff_qty, owners)
      select ${id}::uuid, u.seq, ${run.orgId}, u.status, u.key_item, u.key_location, u.key_lot, u.key_no,
        u.our_item, u.their_item, u.our_qty::numeric, u.their_qty::numeric, u.our_status, u.their_status,
        u.diff_qty::numeric, u.owners::jsonb
      from unnest(${batch.map((_, i) => start + i + 1)}::int[], ${col((r) => r.status)}::text[],
        ${col((r) => r.item)}::text[], ${col((r) => r.location)}::text[], ${col((r) => r.lot)}::text[],
        ${col((r) => r.no)}::text[], ${col((r) => r.ourItem)}::text[], ${col((r) => r.theirItem)}::text[],
        ${col((r) => r.ourQty)}::text[], ${col((r) => r.theirQty)}::text[], ${col((r) => r.ourStatus)}::text[],
        ${col((r) => r.theirStatus)}::text[], ${col((r) => r.diff)}::text[],
        ${col((r) => (owners.has(r) ? JSON.stringify(owners.get(r)) : null))}::text[])
        as u(seq, status, key_item, key_location, key_lot, key_no, our_item, their_item, our_qty, their_qty,
             our_status, their_status, diff_qty, owners)`.execute(db);
  }
  const chunks: { run_id: string; chunk: number; org_id: string; rows: string }[] = [];
  for (let start = firstMatched, chunk = 0; start < rows.length; start += MATCHED_CHUNK, chunk++) {
    const packed = rows.slice(start, start + MATCHED_CHUNK).map(pack);
    chunks.push({ run_id: id, chunk, org_id: run.orgId, rows: JSON.stringify(packed) });
  }
  for (let i = 0; i < chunks.length; i += 10) {
    await db
      .insertInto('reconciliation_matched')
      .values(chunks.slice(i, i + 10))
      .execute();
  }
  return stored;
}

/** A run that could not compare (the connector did not answer): kept in the history with its reason. */
export async function storeFailedRun(db: ReconDb, run: NewRun, error: string): Promise<RunRow> {
  return db
    .insertInto('reconciliations')
    .values({
      id: randomUUID(),
      org_id: run.orgId,
      kind: run.kind,
      connector_id: run.connectorId,
      source: run.source,
      file_name: run.fileName,
      status: 'failed',
      error: error.slice(0, 500),
      created_at: run.at,
      created_by: run.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRun(db: ReconDb, orgId: string, id: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('reconciliations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface RowView {
  status: RowStatus;
  key: Record<string, string>;
  ours: Record<string, string | number | null> | null;
  theirs: Record<string, string | number | null> | null;
  difference: { qty: number; fields: ('qty' | 'item' | 'status')[] } | null;
  owners: Owner[];
}

type StoredRow = {
  seq: number;
  status: RowStatus;
  key_item: string | null;
  key_location: string | null;
  key_lot: string | null;
  key_no: string | null;
  our_item: string | null;
  their_item: string | null;
  our_qty: string | null;
  their_qty: string | null;
  our_status: string | null;
  their_status: string | null;
  diff_qty: string | null;
  owners: unknown;
};

const num = (text: string | null) => (text === null ? null : Number(text));

export function rowView(kind: ReconciliationKind, r: StoredRow): RowView {
  const owners = (typeof r.owners === 'string' ? JSON.parse(r.owners) : (r.owners ?? [])) as Owner[];
  if (kind === 'stock') {
    return {
      status: r.status,
      key: { item: r.key_item!, location: r.key_location!, lot: r.key_lot ?? '' },
      ours: r.our_qty === null ? null : { qty: num(r.our_qty) },
      theirs: r.their_qty === null ? null : { qty: num(r.their_qty) },
      difference: r.status === 'differing' ? { qty: num(r.diff_qty) ?? 0, fields: ['qty'] } : null,
      owners,
    };
  }
  const fields: ('qty' | 'item' | 'status')[] = [];
  if (r.status === 'differing') {
    if (r.our_item !== r.their_item) fields.push('item');
    if (r.diff_qty !== null && Number(r.diff_qty) !== 0) fields.push('qty');
    if (r.their_status !== null && r.their_status !== r.our_status) fields.push('status');
  }
  return {
    status: r.status,
    key: { no: r.key_no! },
    ours: r.our_item === null ? null : { item: r.our_item, qty: num(r.our_qty), status: r.our_status },
    theirs:
      r.their_item === null ? null : { item: r.their_item, qty: num(r.their_qty), status: r.their_status },
    difference: r.status === 'differing' ? { qty: num(r.diff_qty) ?? 0, fields } : null,
    owners,
  };
}

/**
 * One page of a run's rows in report order (differing, missing here, missing there, matched),
 * optionally of one status. The cursor is the last row's place in that order.
 */
export async function runRows(
  db: ReconDb,
  run: RunRow,
  options: { status?: RowStatus; cursor?: string; limit: number },
): Promise<{ items: RowView[]; nextCursor: string | null }> {
  const after = Number(decodeCursor(options.cursor, 1)?.[0] ?? 0);
  if (!Number.isSafeInteger(after) || after < 0) decodeCursor('!', 1);
  const unmatched = run.differing + run.missing_here + run.missing_there;
  const want = options.limit + 1;
  let rows: StoredRow[] = [];
  if (options.status !== 'matched' && after < unmatched) {
    let q = db
      .selectFrom('reconciliation_rows')
      .select([
        'seq',
        'status',
        'key_item',
        'key_location',
        'key_lot',
        'key_no',
        'our_item',
        'their_item',
        'our_qty',
        'their_qty',
        'our_status',
        'their_status',
        'diff_qty',
        'owners',
      ])
      .where('run_id', '=', run.id)
      .where('seq', '>', after);
    if (options.status) q = q.where('status', '=', options.status);
    rows = (await q.orderBy('seq').limit(want).execute()) as StoredRow[];
  }
  if (
    (options.status === undefined || options.status === 'matched') &&
    rows.length < want &&
    run.matched > 0
  ) {
    const from = Math.max(after, unmatched) - unmatched;
    const to = Math.min(run.matched, from + want - rows.length);
    if (from < to) {
      const chunks = await db
        .selectFrom('reconciliation_matched')
        .select(['chunk', 'rows'])
        .where('run_id', '=', run.id)
        .where('chunk', '>=', Math.floor(from / MATCHED_CHUNK))
        .where('chunk', '<=', Math.floor((to - 1) / MATCHED_CHUNK))
        .orderBy('chunk')
        .execute();
      for (const chunk of chunks) {
        const packed = JSON.parse(chunk.rows) as Packed[];
        const base = chunk.chunk * MATCHED_CHUNK;
        for (let i = Math.max(0, from - base); i < packed.length && base + i < to; i++) {
          rows.push(unpack(packed[i]!, unmatched + base + i + 1));
        }
      }
    }
  }
  const more = rows.length > options.limit;
  const shown = more ? rows.slice(0, options.limit) : rows;
  return {
    items: shown.map((r) => rowView(run.kind, r)),
    nextCursor: more ? encodeCursor([shown.at(-1)!.seq]) : null,
  };
}
