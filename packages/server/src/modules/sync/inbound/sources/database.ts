import mysql from 'mysql2/promise';
import pg from 'pg';
import type { ConnectorConfig } from '../../connector-config.js';
import type { InboundEnvelope } from '../apply.js';
import { asText } from './envelope.js';
import type { PullSink } from './pull-types.js';

type Config = ConnectorConfig<'database'>;
export type TableConfig = Config['tables'][number];
type Row = Record<string, unknown>;

/** Helper columns added to each selected row: the watermark and id as text, for the cursor. */
const WM = '__sf_wm';
const ID = '__sf_id';
const ALIAS = '__sf_t';
/** Batches one run takes from a table at most; the rest waits for the next run. */
const MAX_BATCHES_PER_RUN = 1000;

/** The other system's database, read only, through its own driver. */
interface Foreign {
  /** A validated identifier (letters, digits, _ and $; schema.name) quoted by the driver. */
  quote(name: string): string;
  /** Placeholder of the n-th bound value (1-based). */
  param(n: number): string;
  asText(expr: string): string;
  query(text: string, values: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

const passText = (v: string) => v;
const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    // Dates and times as the database writes them (a date stays YYYY-MM-DD), numbers as numbers.
    if ([1082, 1083, 1114, 1184, 1266].includes(oid)) return passText;
    if (oid === 1700 || oid === 20)
      return (v: string) => (Number.isSafeInteger(Number(v)) || oid === 1700 ? Number(v) : v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

async function openForeign(config: Config): Promise<Foreign> {
  if (config.dialect === 'mysql') {
    const conn = await mysql.createConnection({
      uri: config.url.replace(/^mariadb:/, 'mysql:'),
      connectTimeout: 10_000,
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
    });
    conn.on('error', () => undefined);
    try {
      await conn.query('SET SESSION TRANSACTION READ ONLY');
    } catch (err) {
      await conn.end().catch(() => undefined);
      throw err;
    }
    return {
      quote: (name) =>
        name
          .split('.')
          .map((part) => conn.escapeId(part))
          .join('.'),
      param: () => '?',
      asText: (expr) => `CAST(${expr} AS CHAR)`,
      async query(text, values) {
        const [rows] = await conn.execute(text, values as string[]);
        return rows as Row[];
      },
      close: () => conn.end(),
    };
  }
  const client = new pg.Client({
    connectionString: config.url,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 120_000,
    types: pgTypes,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return {
    quote: (name) =>
      name
        .split('.')
        .map((part) => client.escapeIdentifier(part))
        .join('.'),
    param: (n) => `$${n}`,
    asText: (expr) => `(${expr})::text`,
    async query(text, values) {
      return (await client.query(text, values)).rows as Row[];
    },
    close: () => client.end(),
  };
}

/** The row without the helper columns: the other system's fields only. */
function dataOf(row: Row): Row {
  const { [WM]: _w, [ID]: _i, ...data } = row;
  return data;
}

/**
 * Rows changed after the (watermark, id) cursor, in (watermark, id) order: ties on the watermark are
 * split by the id, so a batch that ends inside a run of equal watermarks loses none of them.
 */
async function changedRows(
  db: Foreign,
  t: TableConfig,
  after: { watermark: string; id: string } | undefined,
) {
  const wm = `${ALIAS}.${db.quote(t.watermarkColumn)}`;
  const id = `${ALIAS}.${db.quote(t.idColumn)}`;
  const where = after
    ? `${wm} > ${db.param(1)} or (${wm} = ${db.param(2)} and ${id} > ${db.param(3)})`
    : `${wm} is not null`;
  const text =
    `select ${ALIAS}.*, ${db.asText(wm)} as ${WM}, ${db.asText(id)} as ${ID} from ${db.quote(t.table)} ${ALIAS} ` +
    `where ${where} order by ${wm}, ${id} limit ${Number(t.batchSize)}`;
  return db.query(text, after ? [after.watermark, after.watermark, after.id] : []);
}

/**
 * One pull of every configured table: batch by batch, rows whose (watermark, id) is past the
 * table's cursor become envelopes (sourceId = idColumn, sourceVersion = versionColumn or the
 * watermark as text), are applied, and then the cursor moves to the batch's last row.
 */
export async function pullDatabase(config: Config, sink: PullSink): Promise<void> {
  const db = await openForeign(config);
  try {
    let cursor = { ...sink.cursor };
    for (const t of config.tables) {
      let after = cursor[t.table] as { watermark: string; id: string } | undefined;
      for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
        const rows = await changedRows(db, t, after);
        if (rows.length === 0) break;
        const envelopes: InboundEnvelope[] = [];
        for (const row of rows) {
          const sourceId = String(row[ID]);
          const version = (t.versionColumn ? asText(row[t.versionColumn]) : undefined) ?? String(row[WM]);
          envelopes.push({ kind: t.kind, sourceId, sourceVersion: version, data: dataOf(row) });
        }
        const last = rows.at(-1)!;
        after = { watermark: String(last[WM]), id: String(last[ID]) };
        cursor = { ...cursor, [t.table]: after };
        await sink.apply(envelopes, cursor);
        if (rows.length < t.batchSize) break;
      }
    }
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** Every row of a table, in id order (keyset pages of 10,000): the other system's full snapshot. */
export async function allRows(config: Config, t: TableConfig): Promise<Row[]> {
  const db = await openForeign(config);
  try {
    const id = `${ALIAS}.${db.quote(t.idColumn)}`;
    const out: Row[] = [];
    let after: string | undefined;
    for (;;) {
      const text =
        `select ${ALIAS}.*, ${db.asText(id)} as ${ID} from ${db.quote(t.table)} ${ALIAS} ` +
        `${after === undefined ? '' : `where ${id} > ${db.param(1)} `}order by ${id} limit 10000`;
      const rows = await db.query(text, after === undefined ? [] : [after]);
      for (const row of rows) out.push(dataOf(row));
      if (rows.length < 10_000) return out;
      after = String(rows.at(-1)![ID]);
    }
  } finally {
    await db.close().catch(() => undefined);
  }
}
