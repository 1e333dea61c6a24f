import { sql } from 'kysely';
import { conflict } from '../../../http/problem.js';
import { type AnyRoute, type Db, defineRoute, z } from '../../../http/route.js';
import { decodeCursor, page } from '../../../shared/cursor.js';
import { isoShanghai } from '../../../shared/time.js';
import { isInboundKind } from '../connector-config.js';
import type { Connector } from '../connectors/types.js';
import { findConnector } from '../find-connector.js';
import { applyInboundBatch, type InboundEnvelope } from './apply.js';
import { INBOUND_MAX_BYTES, MAX_INBOUND_RECORDS } from './limits.js';
import { RECORD_KINDS } from './records.js';

const Params = z.object({ connectorId: z.string().min(1).max(64) });
const idText = (max: number) => z.union([z.string().trim().min(1).max(max), z.number()]);

const Envelope = z
  .object({
    kind: z
      .string()
      .max(40)
      .describe(`${RECORD_KINDS.join(', ')}; another kind is rejected for that record alone`),
    sourceId: idText(200).describe("The record's id in the other system"),
    sourceVersion: idText(100).describe(
      'Its version there: whole numbers compare by value, ISO dates and instants by time, anything else as text',
    ),
    data: z
      .record(z.string(), z.unknown())
      .describe("The record's fields, named as the connector's mapping reads them"),
  })
  .meta({ id: 'InboundEnvelope' });

const InboundBatch = z
  .object({ records: z.array(Envelope).min(1).max(MAX_INBOUND_RECORDS) })
  .meta({ id: 'InboundBatch' });

const Problem = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
const Outcome = z.enum(['applied', 'duplicate', 'rejected']);
const Kind = z.string();

const InboundResult = z
  .object({
    sourceId: z.string(),
    sourceVersion: z.string(),
    kind: Kind,
    outcome: Outcome,
    reason: z.string().optional(),
    code: z.string().optional(),
    errors: z.array(Problem).optional(),
  })
  .meta({ id: 'InboundResult' });

const InboundBatchResult = z
  .object({
    applied: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    results: z.array(InboundResult),
  })
  .meta({ id: 'InboundBatchResult' });

const InboundRecord = z
  .object({
    id: z.string(),
    kind: Kind,
    sourceId: z.string(),
    sourceVersion: z.string(),
    outcome: Outcome,
    code: z.string().optional(),
    reason: z.string().optional(),
    errors: z.array(Problem).optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    appliedAt: z.string(),
    batchId: z.string(),
    by: z.string().optional(),
  })
  .meta({ id: 'InboundRecord' });

/** The connector records come in through: the org's, not deleted; 409 when it is not one that takes them. */
async function inboundConnector(db: Db, orgId: string, id: string, write: boolean): Promise<Connector> {
  const row = await findConnector(db, orgId, id);
  if (row.kind !== 'erp' && !isInboundKind(row.kind)) {
    throw conflict(
      'connector-not-inbound',
      `connector '${id}' is a ${row.kind} connector: records come in only through erp, rabbitmq-inbound, http-poll and database connectors`,
      { connectorId: id, kind: row.kind },
    );
  }
  if (write && !row.enabled) {
    throw conflict('connector-disabled', `connector '${id}' is disabled: enable it to take records`, {
      connectorId: id,
    });
  }
  return row;
}

const postBatch = defineRoute({
  method: 'post',
  path: '/sync/inbound/{connectorId}',
  summary:
    "Send the other system's records (items, BOM lines, work orders, purchase receipts, stock snapshots)",
  description:
    `1 to ${MAX_INBOUND_RECORDS} records, body up to ${INBOUND_MAX_BYTES / 1024 / 1024} MB (admin; integrations use an admin user's API token). ` +
    "Each record is mapped by the connector's mapping, validated and applied whole or rejected with its reason; " +
    'a bad record never blocks the others. Idempotent by (connector, kind, sourceId, sourceVersion): a record sent again, ' +
    'or a version older than the applied one, is a duplicate and changes nothing — so a retried batch is safe without an Idempotency-Key. ' +
    'The answer gives every record its outcome, in input order. See docs/sync-inbound.md.',
  tags: ['sync'],
  auth: ['admin'],
  params: Params,
  body: InboundBatch,
  bodyLimit: INBOUND_MAX_BYTES,
  response: InboundBatchResult,
  status: 200,
  // Each chunk of records is a transaction of its own (see apply.ts), not one for the request.
  mutation: false,
  errors: [404, 409, 413],
  async handler({ params, body, user, deps }) {
    const connector = await inboundConnector(deps.db, user.orgId, params.connectorId, true);
    const records = body.records.map(
      (r): InboundEnvelope => ({
        kind: r.kind as InboundEnvelope['kind'],
        sourceId: String(r.sourceId),
        sourceVersion: String(r.sourceVersion),
        data: r.data,
      }),
    );
    const results = await applyInboundBatch(deps, connector, records, { userId: user.userId });
    const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
    return {
      applied: count('applied'),
      duplicates: count('duplicate'),
      rejected: count('rejected'),
      results,
    };
  },
});

const listRecords = defineRoute({
  method: 'get',
  path: '/sync/inbound/{connectorId}/records',
  summary: 'The records a connector took in, newest first, with their outcomes and reasons (admin, planner)',
  tags: ['sync'],
  auth: ['planner'],
  params: Params,
  query: z.object({
    outcome: Outcome.optional(),
    kind: z.enum(RECORD_KINDS).optional(),
    sourceId: z.string().max(200).optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  response: z.object({ items: z.array(InboundRecord), nextCursor: z.string().nullable() }),
  errors: [404, 409],
  async handler({ params, query, user, db }) {
    await inboundConnector(db, user.orgId, params.connectorId, false);
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 1);
    let q = db
      .selectFrom('inbound_records')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('connector_id', '=', params.connectorId);
    if (query.outcome) q = q.where('outcome', '=', query.outcome);
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.sourceId) q = q.where('source_id', '=', query.sourceId);
    if (after) q = q.where(sql<boolean>`id < ${Number(after[0])}`);
    const rows = await q
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const shown = page(rows, limit, (r) => [Number(r.id)]);
    return {
      items: shown.rows.map((r) => ({
        id: String(r.id),
        kind: r.kind,
        sourceId: r.source_id,
        sourceVersion: r.source_version,
        outcome: r.outcome,
        ...(r.code ? { code: r.code } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.errors ? { errors: r.errors as z.infer<typeof Problem>[] } : {}),
        ...(r.result ? { result: r.result as Record<string, unknown> } : {}),
        appliedAt: isoShanghai(r.applied_at)!,
        batchId: r.batch_id,
        ...(r.actor ? { by: r.actor } : {}),
      })),
      nextCursor: shown.nextCursor,
    };
  },
});

export const inboundRoutes: AnyRoute[] = [postBatch, listRecords];
