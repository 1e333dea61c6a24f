import { sql } from 'kysely';
import type { Db } from '../../../http/route.js';
import { MappingDocument } from './document.js';

export interface StoredMapping {
  connectorId: string;
  version: number;
  createdAt: Date;
  createdBy: string;
  document: MappingDocument;
}

/**
 * Parsed documents by connector and version: a version never changes, so the database is asked
 * only for the current version number, and each version is parsed (and compiled by the engine,
 * which keys its cache on the document object) once per process.
 */
const documents = new Map<string, MappingDocument>();
const MAX_CACHED = 500;

function remember(connectorId: string, version: number, raw: unknown): MappingDocument {
  const key = `${connectorId}:${version}`;
  const known = documents.get(key);
  if (known) return known;
  // Stored documents were validated on PUT; parse again so defaults and types are the engine's.
  const doc = canonical(MappingDocument.parse(typeof raw === 'string' ? JSON.parse(raw) : raw));
  if (documents.size >= MAX_CACHED) documents.delete(documents.keys().next().value!);
  documents.set(key, doc);
  return doc;
}

const sortedKeys = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The document in one key order whatever the order it came in or jsonb keeps: fields in the
 * schema's order (zod's output), the names of value maps and of `from` entries sorted. So an
 * exported file imported again exports byte for byte the same.
 */
export function canonical(doc: MappingDocument): MappingDocument {
  return {
    ...doc,
    ...(doc.valueMaps ? { valueMaps: sortedKeys(doc.valueMaps) } : {}),
    ...(doc.outbound
      ? { outbound: doc.outbound.map((r) => (r.from ? { ...r, from: sortedKeys(r.from) } : r)) }
      : {}),
  };
}

/** The connector's mapping in use (its highest version), or null when it has none. */
export async function loadMapping(
  db: Db,
  orgId: string,
  connectorId: string,
): Promise<MappingDocument | null> {
  const head = await db
    .selectFrom('sync_mappings')
    .select('version')
    .where('org_id', '=', orgId)
    .where('connector_id', '=', connectorId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!head) return null;
  const cached = documents.get(`${connectorId}:${head.version}`);
  if (cached) return cached;
  const row = await db
    .selectFrom('sync_mappings')
    .select('document')
    .where('connector_id', '=', connectorId)
    .where('version', '=', head.version)
    .executeTakeFirstOrThrow();
  return remember(connectorId, head.version, row.document);
}

/** One version (the current one without `version`). */
export async function findMapping(
  db: Db,
  orgId: string,
  connectorId: string,
  version?: number,
): Promise<StoredMapping | null> {
  let q = db
    .selectFrom('sync_mappings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('connector_id', '=', connectorId);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  return {
    connectorId,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    document: remember(connectorId, row.version, row.document),
  };
}

/** Stores the document as the connector's next version (the connector row is locked, so versions never collide). */
export async function saveMapping(
  db: Db,
  input: { orgId: string; connectorId: string; document: MappingDocument; by: string; at: Date },
): Promise<StoredMapping> {
  await sql`select id from sync_connectors where id = ${input.connectorId} for update`.execute(db);
  const last = await db
    .selectFrom('sync_mappings')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('connector_id', '=', input.connectorId)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  await db
    .insertInto('sync_mappings')
    .values({
      org_id: input.orgId,
      connector_id: input.connectorId,
      version,
      document: JSON.stringify(input.document),
      created_at: input.at,
      created_by: input.by,
    })
    .execute();
  return {
    connectorId: input.connectorId,
    version,
    createdAt: input.at,
    createdBy: input.by,
    document: remember(input.connectorId, version, input.document),
  };
}

/** Versions, newest first, after the cursor's version. */
export async function listVersions(
  db: Db,
  orgId: string,
  connectorId: string,
  before: number | null,
  limit: number,
): Promise<{ version: number; created_at: Date; created_by: string }[]> {
  let q = db
    .selectFrom('sync_mappings')
    .select(['version', 'created_at', 'created_by'])
    .where('org_id', '=', orgId)
    .where('connector_id', '=', connectorId);
  if (before !== null) q = q.where('version', '<', before);
  return q.orderBy('version', 'desc').limit(limit).execute();
}
