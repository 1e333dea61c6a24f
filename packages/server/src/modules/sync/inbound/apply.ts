import { createHash, randomUUID } from 'node:crypto';
import { roundQty } from '@shopfloor/bom-engine';
import type { ItemInput } from '@shopfloor/sdk';
import { type Insertable, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { AppDeps } from '../../../deps.js';
import { HttpProblem } from '../../../http/problem.js';
import type { Db } from '../../../http/route.js';
import { dateShanghai } from '../../../shared/time.js';
import { defaultLocation } from '../../production/default-locations.js';
import type { Connector } from '../connectors/types.js';
import {
  type Plan,
  planItem,
  planPurchaseReceipt,
  planStockSnapshot,
  planWorkOrder,
  postingKey,
  type ReceiptPosting,
} from './appliers.js';
import { type BomGraph, bomChangedEvents, loadBomGraph, planBomLine } from './bom-lines.js';
import type { ItemRow } from './context.js';
import { type ChunkContext, loadContext } from './context.js';
import { type InboundMapper, loadMapper } from './mapping.js';
import {
  parseRecord,
  RECORD_KINDS,
  type RecordKind,
  type RecordProblem,
  type RecordsByKind,
} from './records.js';
import { Rejection } from './reject.js';
import { compareVersions } from './versions.js';

/** What every source hands to the applier: the other system's record, named by its id and version. */
export interface InboundEnvelope {
  kind: RecordKind;
  sourceId: string;
  sourceVersion: string;
  /** Their field names; the connector's mapping turns them into ours. */
  data: Record<string, unknown>;
}

export type InboundOutcome = 'applied' | 'duplicate' | 'rejected';

export interface InboundResult {
  sourceId: string;
  sourceVersion: string;
  kind: RecordKind;
  outcome: InboundOutcome;
  /** Why it was not applied (or why it changed nothing): a sentence; `code` says it for programs. */
  reason?: string;
  code?: string;
  errors?: RecordProblem[];
}

/** The most records one call takes. */
export const MAX_BATCH = 10_000;
/** Records per transaction: each in a savepoint of its own, the chunk committed at once. */
const CHUNK = 500;
/** A record that lost a deadlock to a concurrent writer is tried again this often. */
const RETRIES = 3;
const LOCK_NAMESPACE = 7_260_416;

type Parsed = { [K in RecordKind]: { kind: K; record: RecordsByKind[K] } }[RecordKind];

interface Prepared {
  index: number;
  kind: RecordKind;
  sourceId: string;
  sourceVersion: string;
  parsed?: Parsed;
  problem?: Rejection;
}

interface LogRow {
  kind: RecordKind;
  source_id: string;
  source_version: string;
  outcome: InboundOutcome;
  code: string | null;
  reason: string | null;
  errors: string | null;
  result: string | null;
}

/** What the log knows of one source record (kind + source id): its versions and the newest applied. */
interface SourceState {
  versions: Map<string, { outcome: InboundOutcome; reason: string | null }>;
  newestApplied?: string;
  /** The posting of an applied purchase receipt (one per source record, across versions). */
  posting?: ReceiptPosting;
}

/**
 * Maps, validates and applies a batch of the other system's records through the connector, in
 * input order; answers one result per record, in that order. Idempotent by (connector, kind,
 * source id, source version): a record seen before is a duplicate and changes nothing, as is a
 * version older than the newest applied one. Each record is applied whole or not at all (a
 * savepoint of its own, its log row in the same transaction); a bad one never blocks the others.
 */
export async function applyInboundBatch(
  deps: AppDeps,
  connector: Connector,
  records: InboundEnvelope[],
  by: { userId: string } | null,
): Promise<InboundResult[]> {
  const results: InboundResult[] = new Array(records.length);
  if (records.length === 0) return results;
  const batchId = randomUUID();
  const actor = by?.userId ?? `connector:${connector.id}`;
  const mapper = await loadMapper(deps.db, connector.orgId, connector.id);
  const finished = await defaultLocation(deps.db, connector.orgId, 'finished');
  const prepared = records.map((envelope, index) => prepare(mapper, envelope, index));
  let bom: BomGraph | null = null;
  for (let start = 0; start < prepared.length; start += CHUNK) {
    const chunk = prepared.slice(start, start + CHUNK);
    // Only a record with a known kind, an id and a version can be logged (and so be idempotent).
    const keyed = chunk.filter(
      (p) => p.sourceId !== '' && p.sourceVersion !== '' && RECORD_KINDS.includes(p.kind),
    );
    for (const p of chunk) {
      if (!keyed.includes(p)) results[p.index] = resultOf(p, 'rejected', p.problem);
    }
    const run = (safe: boolean) =>
      deps.db.transaction().execute(async (tx) => {
        const receipts = new ReceiptBuffer(tx, safe);
        const newItems = new ItemBuffer(tx, connector.orgId, deps.clock.now());
        const numbers = new DocumentNumbers(tx, keyed.filter((p) => p.kind === 'purchaseReceipt').length);
        const now = deps.clock.now();
        const ctx = await loadContext(
          {
            tx,
            deps,
            orgId: connector.orgId,
            connector,
            actor,
            now,
            defaultFinishedLocation: finished,
            safe,
            documentNo: () => numbers.next(now),
            receipts,
            newItems,
          },
          keyed.flatMap((p) => (p.parsed ? [p.parsed] : [])),
        );
        await applyChunk(ctx, keyed, results, batchId, bom);
        await receipts.flush();
        return ctx.bom;
      });
    try {
      try {
        bom = await run(false);
      } catch (error) {
        // A write failed that the checks did not foresee (a concurrent change, a constraint): the
        // chunk is rolled back whole and done again, each record in a savepoint of its own.
        if (!(error instanceof ChunkWriteFailed)) throw error;
        bom = null;
        bom = await run(true);
      }
    } catch (error) {
      // The chunk rolled back as a whole (the database went away, a statement outside any
      // record failed): none of its records is applied or logged, so they may be sent again.
      bom = null;
      deps.logger.error({ err: error, connector: connector.id }, 'inbound chunk failed');
      const reason = `the batch could not be stored (${error instanceof Error ? error.message : String(error)}); nothing of this record was applied: send it again`;
      for (const p of keyed) {
        results[p.index] = { ...resultOf(p, 'rejected'), reason, code: 'not-stored' };
      }
    }
  }
  return results;
}

function prepare(mapper: InboundMapper, envelope: InboundEnvelope, index: number): Prepared {
  const text = (v: unknown) =>
    typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
  const sourceId = text(envelope?.sourceId);
  const sourceVersion = text(envelope?.sourceVersion);
  const kind = envelope?.kind;
  const base = { index, kind, sourceId, sourceVersion };
  const fail = (code: string, path: string, reason: string): Prepared => ({
    ...base,
    problem: new Rejection(code, reason, [{ path, message: reason, code }]),
  });
  if (!RECORD_KINDS.includes(kind)) {
    return fail(
      'unknown-kind',
      'kind',
      `kind must be one of ${RECORD_KINDS.join(', ')}, got ${String(kind)}`,
    );
  }
  if (sourceId === '' || sourceId.length > 200)
    return fail('bad-envelope', 'sourceId', 'sourceId must be 1 to 200 characters');
  if (sourceVersion === '' || sourceVersion.length > 100) {
    return fail('bad-envelope', 'sourceVersion', 'sourceVersion must be 1 to 100 characters');
  }
  const data = envelope.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail('bad-envelope', 'data', 'data must be an object of the record’s fields');
  }
  const mapped = mapper.map(kind, data);
  if (!mapped.ok) {
    const first = mapped.errors[0];
    return {
      ...base,
      problem: new Rejection(
        'mapping',
        `the mapping could not read the record: ${first ? `${first.path}: ${first.message}` : 'no detail'}`,
        mapped.errors,
      ),
    };
  }
  const parsed = parseRecord(kind, mapped.record);
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    return {
      ...base,
      problem: new Rejection('invalid', `${first.path || kind}: ${first.message}${more}`, parsed.errors),
    };
  }
  return { ...base, parsed: { kind, record: parsed.record } as Parsed };
}

function resultOf(
  p: Prepared,
  outcome: InboundOutcome,
  why?: { code: string; reason: string; errors?: RecordProblem[] },
): InboundResult {
  return {
    sourceId: p.sourceId,
    sourceVersion: p.sourceVersion,
    kind: p.kind,
    outcome,
    ...(why ? { reason: why.reason, code: why.code } : {}),
    ...(why?.errors?.length ? { errors: why.errors } : {}),
  };
}

const stateKey = (kind: string, sourceId: string) => `${kind}\u0000${sourceId}`;

/** An int4 per source record for its advisory lock: replicas applying the same record take turns. */
function lockKey(connectorId: string, key: string): number {
  return createHash('sha1').update(`${connectorId}\u0000${key}`).digest().readInt32BE(0);
}

async function applyChunk(
  ctx: ChunkContext,
  chunk: readonly Prepared[],
  results: InboundResult[],
  batchId: string,
  cachedBom: BomGraph | null,
): Promise<void> {
  const { tx, connector } = ctx;
  if (chunk.length === 0) return;
  // Locks in one order, so two replicas with overlapping batches queue instead of deadlocking;
  // held to commit, so the log read next sees whatever another replica committed for these records.
  const keys = [...new Set(chunk.map((p) => lockKey(connector.id, stateKey(p.kind, p.sourceId))))].sort(
    (a, b) => a - b,
  );
  await sql`select count(pg_advisory_xact_lock(${LOCK_NAMESPACE}, k)) from
    (select unnest(${keys}::int4[]) as k order by 1) as keys`.execute(tx);
  const states = await readStates(
    tx,
    connector.id,
    [...new Set(chunk.map((p) => p.kind))],
    [...new Set(chunk.map((p) => p.sourceId))],
  );

  const fresh = (p: Prepared) => !states.get(stateKey(p.kind, p.sourceId))?.versions.has(p.sourceVersion);
  if (chunk.some((p) => p.parsed?.kind === 'bomLine' && fresh(p))) {
    // Takes the org's BOM lock first, as PUT /boms and imports do: nobody changes the BOM under us.
    ctx.bomRevision = await ctx.deps.services.boms.bumpRevision(tx, ctx.orgId);
    // Only this batch moved the revision since the graph was read: it is still the org's BOM.
    ctx.bom =
      cachedBom && cachedBom.revision === ctx.bomRevision - 1
        ? cachedBom
        : await loadBomGraph(tx, ctx.orgId, ctx.bomRevision);
    ctx.bom.revision = ctx.bomRevision;
  }

  const log: LogRow[] = [];
  const write = (
    p: Prepared,
    outcome: InboundOutcome,
    why?: Rejection | { code: string; reason: string },
    result?: unknown,
  ) => {
    const errors = why instanceof Rejection ? why.errors : undefined;
    results[p.index] = resultOf(
      p,
      outcome,
      why ? { code: why.code, reason: why.reason, ...(errors ? { errors } : {}) } : undefined,
    );
    log.push({
      kind: p.kind,
      source_id: p.sourceId,
      source_version: p.sourceVersion,
      outcome,
      code: why?.code ?? null,
      reason: why?.reason ?? null,
      errors: errors?.length ? JSON.stringify(errors) : null,
      result: result === undefined ? null : JSON.stringify(result),
    });
  };

  for (const p of chunk) {
    const key = stateKey(p.kind, p.sourceId);
    const state: SourceState = states.get(key) ?? { versions: new Map() };
    states.set(key, state);
    const before = state.versions.get(p.sourceVersion);
    if (before) {
      results[p.index] = resultOf(p, 'duplicate', {
        code: 'duplicate',
        reason:
          before.outcome === 'rejected'
            ? `version ${p.sourceVersion} of this record was rejected before (${before.reason ?? 'no reason kept'}); send it with a new sourceVersion to try again`
            : `version ${p.sourceVersion} of this record was received before; nothing changed`,
      });
      continue;
    }
    if (state.newestApplied !== undefined && compareVersions(p.sourceVersion, state.newestApplied) < 0) {
      const why = {
        code: 'stale-version',
        reason: `version ${p.sourceVersion} is older than version ${state.newestApplied}, which is applied; nothing changed`,
      };
      write(p, 'duplicate', why);
      state.versions.set(p.sourceVersion, { outcome: 'duplicate', reason: why.reason });
      continue;
    }
    if (!p.parsed) {
      write(p, 'rejected', p.problem);
      state.versions.set(p.sourceVersion, { outcome: 'rejected', reason: p.problem?.reason ?? null });
      continue;
    }
    const parsed = p.parsed;
    if (parsed.kind === 'purchaseReceipt' && state.posting) {
      // A receipt is posted once: a later version may only say the same again.
      const r = parsed.record;
      const item = ctx.items.get(r.item);
      const same =
        postingKey(state.posting) ===
        postingKey({ ...r, qty: item ? roundQty(r.qty, item.precision) : r.qty });
      const why = same
        ? {
            code: 'receipt-unchanged',
            reason: `receipt ${state.posting.receiptNo} was posted from an earlier version with the same item, location, lot and qty; nothing changed`,
          }
        : new Rejection('receipt-already-posted', 'receipt already posted; correct it with an adjustment', [
            {
              path: 'qty',
              message: `receipt ${state.posting.receiptNo} was posted with ${state.posting.qty} ${state.posting.item} into ${state.posting.location}; correct it with an adjustment`,
              code: 'receipt-already-posted',
              params: { receiptNo: state.posting.receiptNo, postedQty: state.posting.qty },
            },
          ]);
      write(p, same ? 'duplicate' : 'rejected', why);
      state.versions.set(p.sourceVersion, { outcome: same ? 'duplicate' : 'rejected', reason: why.reason });
      continue;
    }
    const outcome = await applyOne(ctx, parsed, p);
    if (outcome instanceof Rejection) {
      write(p, 'rejected', outcome);
      state.versions.set(p.sourceVersion, { outcome: 'rejected', reason: outcome.reason });
    } else {
      write(p, 'applied', undefined, outcome.result);
      state.versions.set(p.sourceVersion, { outcome: 'applied', reason: null });
      state.newestApplied = p.sourceVersion;
      if (parsed.kind === 'purchaseReceipt') state.posting = outcome.result as unknown as ReceiptPosting;
    }
  }

  try {
    await ctx.newItems.flush();
  } catch (error) {
    throw new ChunkWriteFailed(error);
  }
  // A new item, or a name, lead time or cost the compiled BOM carries, moves the revision (as POST /items does).
  if (ctx.bumpBom && ctx.bom === null)
    ctx.bomRevision = await ctx.deps.services.boms.bumpRevision(tx, ctx.orgId);
  if (ctx.touchedParents.size > 0) await bomChangedEvents(ctx);
  await writeSnapshots(ctx);
  await writeEvents(ctx);
  await writeLog(ctx, log, batchId);
}

/** Thrown in fast mode when a record's write fails: the chunk is then done again in safe mode. */
class ChunkWriteFailed extends Error {
  constructor(readonly cause: unknown) {
    super(`an inbound write failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Checks then writes one record. Checks run against the chunk's view and throw before anything
 * is written, so in fast mode a rejected record needs no savepoint; a write that fails there
 * aborts the chunk (ChunkWriteFailed), which is then done in safe mode: a savepoint per record.
 */
async function applyOne(ctx: ChunkContext, parsed: Parsed, p: Prepared): Promise<Plan | Rejection> {
  let plan: Plan;
  try {
    plan = planKind(ctx, parsed, p);
  } catch (error) {
    if (error instanceof Rejection) return error;
    throw error;
  }
  if (!plan.write) {
    plan.commit?.();
    return plan;
  }
  if (!ctx.safe) {
    try {
      if (parsed.kind !== 'item') await ctx.newItems.flush();
      await plan.write();
    } catch (error) {
      throw new ChunkWriteFailed(error);
    }
    plan.commit?.();
    return plan;
  }
  for (let attempt = 1; ; attempt++) {
    await sql`savepoint inbound_record`.execute(ctx.tx);
    try {
      await plan.write();
      await sql`release savepoint inbound_record`.execute(ctx.tx);
      plan.commit?.();
      return plan;
    } catch (error) {
      await sql`rollback to savepoint inbound_record`.execute(ctx.tx);
      await sql`release savepoint inbound_record`.execute(ctx.tx);
      if (error instanceof Rejection) return error;
      if (error instanceof HttpProblem) {
        return new Rejection(
          error.slug,
          error.detail ?? error.title,
          error.errors?.map((e) => ({ ...e })),
        );
      }
      const code = (error as { code?: string }).code;
      // Lost a deadlock or a serialization race to another replica: its locks are gone now.
      if ((code === '40P01' || code === '40001') && attempt < RETRIES) {
        try {
          plan = planKind(ctx, parsed, p);
        } catch (again) {
          if (again instanceof Rejection) return again;
          throw again;
        }
        if (!plan.write) return plan;
        continue;
      }
      ctx.deps.logger.error(
        { err: error, connector: ctx.connector.id, sourceId: p.sourceId },
        'inbound record failed',
      );
      return new Rejection(
        'not-applied',
        `the database refused the record (${error instanceof Error ? error.message : String(error)}); nothing of it was applied`,
      );
    }
  }
}

function planKind(ctx: ChunkContext, parsed: Parsed, p: Prepared): Plan {
  switch (parsed.kind) {
    case 'item':
      return planItem(ctx, parsed.record);
    case 'bomLine':
      return planBomLine(ctx, parsed.record);
    case 'workOrder':
      return planWorkOrder(ctx, parsed.record);
    case 'purchaseReceipt':
      return planPurchaseReceipt(ctx, parsed.record);
    case 'stockSnapshot':
      return planStockSnapshot(ctx, parsed.record, { sourceId: p.sourceId, sourceVersion: p.sourceVersion });
  }
}

/** Document numbers for the chunk's receipts from the stock document sequence, in one query. */
class DocumentNumbers {
  private numbers: string[] = [];
  constructor(
    private readonly db: Db,
    private readonly wanted: number,
  ) {}
  async next(at: Date): Promise<string> {
    if (this.numbers.length === 0) {
      const r = await sql<{ n: string }>`
        select nextval('stock_document_no') as n from generate_series(1, ${Math.max(1, this.wanted)})`.execute(
        this.db,
      );
      this.numbers = r.rows.map((row) => String(row.n));
    }
    // As nextDocumentNo (stock/document-lines.ts) words them: RC-20261125-000042.
    return `RC-${dateShanghai(at).replaceAll('-', '')}-${this.numbers.shift()!.padStart(6, '0')}`;
  }
}

/**
 * New items of a fast-mode chunk in one multi-row insert (an insert a row costs as much as the
 * rest of a record): the row each stands for is what insertItem (catalog/item-store.ts) would
 * store. A code someone else inserted meanwhile fails the flush, and the chunk is done again safely.
 */
class ItemBuffer {
  private rows: Insertable<Database['items']>[] = [];
  constructor(
    private readonly db: Db,
    private readonly orgId: string,
    private readonly at: Date,
  ) {}
  add(input: ItemInput): ItemRow {
    const row = {
      org_id: this.orgId,
      code: input.code,
      name: input.name,
      uom: input.uom,
      type: input.type,
      safety_stock: String(input.safetyStock ?? 0),
      lead_time: String(input.leadTime ?? 0),
      abc_class: input.abcClass ?? null,
      cost: input.cost === undefined ? null : String(input.cost),
      precision: input.precision ?? 6,
      spec: input.spec ?? null,
      created_at: this.at,
      updated_at: this.at,
    };
    this.rows.push(row);
    return row;
  }
  async flush(): Promise<void> {
    while (this.rows.length > 0) {
      const rows = this.rows.splice(0, WRITE_CHUNK);
      const inserted = await this.db
        .insertInto('items')
        .values(rows)
        .onConflict((oc) => oc.columns(['org_id', 'code']).doNothing())
        .returning('code')
        .execute();
      if (inserted.length !== rows.length) throw new Error('an item of this chunk was created meanwhile');
    }
  }
}

/** Receipts and their lines: written at once in safe mode, together at the end of the chunk otherwise. */
class ReceiptBuffer {
  private headers: Insertable<Database['stock_receipts']>[] = [];
  private lines: Insertable<Database['stock_receipt_lines']>[] = [];
  constructor(
    private readonly db: Db,
    private readonly now: boolean,
  ) {}
  async add(
    header: Insertable<Database['stock_receipts']>,
    line: Insertable<Database['stock_receipt_lines']>,
  ) {
    if (this.now) {
      await this.db.insertInto('stock_receipts').values(header).execute();
      await this.db.insertInto('stock_receipt_lines').values(line).execute();
      return;
    }
    this.headers.push(header);
    this.lines.push(line);
  }
  async flush() {
    for (let i = 0; i < this.headers.length; i += WRITE_CHUNK) {
      await this.db
        .insertInto('stock_receipts')
        .values(this.headers.slice(i, i + WRITE_CHUNK))
        .execute();
      await this.db
        .insertInto('stock_receipt_lines')
        .values(this.lines.slice(i, i + WRITE_CHUNK))
        .execute();
    }
  }
}

/** The log of the chunk's source records; kind and id together use the log's unique index. */
async function readStates(
  db: Db,
  connectorId: string,
  kinds: RecordKind[],
  sourceIds: string[],
): Promise<Map<string, SourceState>> {
  const rows = await db
    .selectFrom('inbound_records')
    .select(['kind', 'source_id', 'source_version', 'outcome', 'reason', 'result'])
    .where('connector_id', '=', connectorId)
    .where('kind', 'in', kinds)
    .where('source_id', 'in', sourceIds)
    .execute();
  const states = new Map<string, SourceState>();
  for (const row of rows) {
    const key = stateKey(row.kind, row.source_id);
    const state: SourceState = states.get(key) ?? { versions: new Map() };
    states.set(key, state);
    state.versions.set(row.source_version, { outcome: row.outcome, reason: row.reason });
    if (row.outcome !== 'applied') continue;
    if (state.newestApplied === undefined || compareVersions(row.source_version, state.newestApplied) > 0) {
      state.newestApplied = row.source_version;
    }
    if (row.kind === 'purchaseReceipt' && row.result) state.posting = row.result as ReceiptPosting;
  }
  return states;
}

// Parameters per statement stay well below PostgreSQL's 65,535.
const WRITE_CHUNK = 1_000;

async function writeLog(ctx: ChunkContext, log: LogRow[], batchId: string): Promise<void> {
  for (let i = 0; i < log.length; i += WRITE_CHUNK) {
    await ctx.tx
      .insertInto('inbound_records')
      .values(
        log.slice(i, i + WRITE_CHUNK).map((row) => ({
          ...row,
          org_id: ctx.orgId,
          connector_id: ctx.connector.id,
          applied_at: ctx.now,
          batch_id: batchId,
          actor: ctx.actor,
        })),
      )
      // The advisory locks make a conflict impossible; should one happen, the first word stands.
      .onConflict((oc) => oc.columns(['connector_id', 'kind', 'source_id', 'source_version']).doNothing())
      .execute();
  }
}

async function writeEvents(ctx: ChunkContext): Promise<void> {
  const events = ctx.events;
  for (let i = 0; i < events.length; i += WRITE_CHUNK) {
    await ctx.tx
      .insertInto('outbox_events')
      .values(
        events.slice(i, i + WRITE_CHUNK).map((e) => ({
          org_id: e.orgId,
          topic: e.topic,
          aggregate_type: e.aggregateType,
          aggregate_id: e.aggregateId,
          payload: JSON.stringify(e.payload),
        })),
      )
      .execute();
  }
}

async function writeSnapshots(ctx: ChunkContext): Promise<void> {
  const rows = [...ctx.snapshots.values()];
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    await ctx.tx
      .insertInto('inbound_stock_snapshots')
      .values(
        rows.slice(i, i + WRITE_CHUNK).map((s) => ({
          org_id: ctx.orgId,
          connector_id: ctx.connector.id,
          item: s.item,
          location: s.location,
          lot: s.lot,
          qty: s.qty,
          source_id: s.sourceId,
          source_version: s.sourceVersion,
          updated_at: ctx.now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['connector_id', 'item', 'location', 'lot']).doUpdateSet((eb) => ({
          qty: eb.ref('excluded.qty'),
          source_id: eb.ref('excluded.source_id'),
          source_version: eb.ref('excluded.source_version'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
