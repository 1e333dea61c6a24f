import { type PGlite, messages as pgMessages, protocol } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

const { serialize } = protocol;

/** Prepared statements kept per database; the least recently used one is closed beyond this. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely over embedded PGlite. PGlite is one connection, so connections are handed out one at a
 * time: a transaction owns the database until it ends, exactly as a pooled connection would. The
 * lease is PGlite's own query lock, so nothing else sharing the PGlite instance can slip a
 * statement into a transaction.
 *
 * Statements go to PGlite as wire-protocol messages, batched: PGlite's `query()` makes six calls
 * into the database per statement (parse, describe, bind, describe, execute, sync), each a pass
 * through its main loop, and parses and plans the SQL every time. Here a data statement is
 * prepared once under a name (its parameter and column types kept), then each execution is one
 * call: bind + execute + sync; BEGIN rides along with the first statement of its transaction.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  private release: (() => void) | null = null;
  private readonly connection: PGliteConnection;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {}

  /** The lease is PGlite's query lock (first come, first served): direct pg.query() calls wait too. */
  async acquireConnection(): Promise<DatabaseConnection> {
    await new Promise<void>((leased, failed) => {
      this.pg
        .runExclusive(
          () =>
            new Promise<void>((end) => {
              this.release = end;
              leased();
            }),
        )
        .catch(failed);
    });
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    (conn as PGliteConnection).begin(`begin${level}`);
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).end('commit');
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as PGliteConnection).end('rollback');
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async destroy(): Promise<void> {}
}

interface Prepared {
  name: string;
  /** Parameter types, as the database inferred them: they pick each value's serializer. */
  paramTypes: number[];
  /** Result columns: name and type, to parse the data rows. */
  fields: { name: string; dataTypeID: number }[];
}

type Message = { name: string } & Record<string, unknown>;

/** Statements that can be prepared once and kept: data reads and writes. */
const CACHEABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** Statements that may change what a kept statement returns: the cache is dropped after them. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop|truncate|comment|grant|revoke|do|import|reindex|refresh)\b/i;

class PGliteConnection implements DatabaseConnection {
  private readonly prepared = new Map<string, Prepared>();
  private nextName = 0;
  /** BEGIN not sent yet: it goes out with the transaction's first statement. */
  private pendingBegin: string | null = null;
  /** Messages to send before the next statement (Close of evicted statements). */
  private pendingClose: Uint8Array[] = [];
  /** Between BEGIN and its COMMIT/ROLLBACK: the file system is synced when it ends, not before. */
  private inTransaction = false;

  constructor(private readonly pg: PGlite) {}

  begin(sql: string): void {
    this.pendingBegin = sql;
    this.inTransaction = true;
  }

  async end(sql: 'commit' | 'rollback'): Promise<void> {
    this.inTransaction = false;
    if (this.pendingBegin !== null) {
      // Nothing ran in the transaction: there is nothing to end.
      this.pendingBegin = null;
      return;
    }
    await this.send([serialize.query(sql)]);
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const params = query.parameters as unknown[];
    if (!CACHEABLE.test(query.sql)) {
      try {
        return await this.runUnnamed<R>(query.sql, params);
      } finally {
        if (SCHEMA_CHANGE.test(query.sql) && this.prepared.size > 0) {
          this.prepared.clear();
          this.pendingClose = [];
          await this.send([serialize.query('deallocate all')]).catch(() => {});
        }
      }
    }
    let statement = this.prepared.get(query.sql);
    if (statement) {
      // Most recently used last: Map keeps insertion order.
      this.prepared.delete(query.sql);
      this.prepared.set(query.sql, statement);
    } else {
      statement = await this.prepare(query.sql);
    }
    const messages = await this.send(
      [
        bindMessage(statement.name, this.serializeParams(params, statement)),
        serialize.execute(),
        serialize.sync(),
      ],
      query.sql,
      params,
    );
    return toResult<R>(messages, statement.fields, this.pg.parsers);
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; Kysely requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }

  private async prepare(sql: string): Promise<Prepared> {
    const name = `sf${++this.nextName}`;
    const messages = await this.send(
      [serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()],
      sql,
    );
    const statement: Prepared = {
      name,
      paramTypes: (messages.find((m) => m.name === 'parameterDescription')?.dataTypeIDs as number[]) ?? [],
      fields: fieldsOf(messages.find((m) => m.name === 'rowDescription')),
    };
    this.prepared.set(sql, statement);
    if (this.prepared.size > STATEMENT_CACHE_SIZE) {
      const [oldestSql, oldest] = this.prepared.entries().next().value!;
      this.prepared.delete(oldestSql);
      this.pendingClose.push(serialize.close({ type: 'S', name: oldest.name }));
    }
    return statement;
  }

  /** A statement run once: parsed, described and executed in one call when it has no parameters. */
  private async runUnnamed<R>(sql: string, params: unknown[]): Promise<QueryResult<R>> {
    let paramTypes: number[] = [];
    if (params.length > 0) {
      const described = await this.send(
        [serialize.parse({ text: sql }), serialize.describe({ type: 'S' }), serialize.sync()],
        sql,
        params,
      );
      paramTypes = (described.find((m) => m.name === 'parameterDescription')?.dataTypeIDs as number[]) ?? [];
    }
    const messages = await this.send(
      [
        serialize.parse({ text: sql }),
        bindMessage('', this.serializeParams(params, { paramTypes })),
        serialize.describe({ type: 'P' }),
        serialize.execute(),
        serialize.sync(),
      ],
      sql,
      params,
    );
    return toResult<R>(
      messages,
      fieldsOf(messages.find((m) => m.name === 'rowDescription')),
      this.pg.parsers,
    );
  }

  /** As PGlite's query() does: the serializer of the parameter's type, else toString(). */
  private serializeParams(params: unknown[], statement: Pick<Prepared, 'paramTypes'>): BindValue[] {
    return params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = this.pg.serializers[statement.paramTypes[i]!];
      const value: unknown = serializer ? serializer(param) : String(param);
      return ArrayBuffer.isView(value)
        ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        : String(value);
    });
  }

  /** One call into PGlite with the pending BEGIN and Close messages in front. */
  private async send(parts: Uint8Array[], sql?: string, params?: unknown[]): Promise<Message[]> {
    const front: Uint8Array[] = [];
    if (this.pendingBegin !== null) front.push(serialize.query(this.pendingBegin));
    front.push(...this.pendingClose);
    this.pendingBegin = null;
    this.pendingClose = [];
    const all = front.length > 0 ? [...front, ...parts] : parts;
    const chunks: Uint8Array[] = [];
    // The raw reply, parsed below: PGlite's own parser builds an object per protocol message
    // through a general-purpose reader, and that cost more than running the statement.
    await this.pg.execProtocolRawStream(concat(all), {
      // As PGlite's query() does: persist (where the file system needs it) outside transactions.
      syncToFs: !this.inTransaction,
      onRawData: (bytes) => chunks.push(bytes.slice()),
    });
    const { messages, error } = parseReply(concat(chunks));
    if (error) {
      // The same context PGlite's query() attaches to its errors.
      if (sql !== undefined) Object.assign(error, { query: sql, params });
      throw error;
    }
    return messages;
  }
}

/**
 * The backend messages this connection reads: row and parameter descriptions, data rows, command
 * tags; the first error becomes a DatabaseError with the fields pg-protocol gives it (code,
 * constraint, detail… which the HTTP layer maps to problems). The rest is skipped.
 */
function parseReply(data: Uint8Array): {
  messages: Message[];
  error?: InstanceType<typeof pgMessages.DatabaseError>;
} {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const messages: Message[] = [];
  let error: InstanceType<typeof pgMessages.DatabaseError> | undefined;
  let at = 0;
  while (at + 5 <= buf.length) {
    const code = buf[at]!;
    const length = buf.readInt32BE(at + 1);
    const start = at + 5;
    const end = at + 1 + length;
    at = end;
    switch (code) {
      case 0x44: {
        // D: DataRow
        const count = buf.readInt16BE(start);
        const fields: (string | null)[] = new Array(count);
        let p = start + 2;
        for (let i = 0; i < count; i++) {
          const len = buf.readInt32BE(p);
          p += 4;
          if (len < 0) fields[i] = null;
          else {
            fields[i] = buf.toString('utf8', p, p + len);
            p += len;
          }
        }
        messages.push({ name: 'dataRow', fields });
        break;
      }
      case 0x43: // C: CommandComplete
        messages.push({ name: 'commandComplete', text: buf.toString('utf8', start, end - 1) });
        break;
      case 0x32: // 2: BindComplete
        messages.push({ name: 'bindComplete' });
        break;
      case 0x54: {
        // T: RowDescription
        const count = buf.readInt16BE(start);
        const fields: { name: string; dataTypeID: number }[] = [];
        let p = start + 2;
        for (let i = 0; i < count; i++) {
          const nul = buf.indexOf(0, p);
          const name = buf.toString('utf8', p, nul);
          p = nul + 1;
          fields.push({ name, dataTypeID: buf.readUInt32BE(p + 6) });
          p += 18;
        }
        messages.push({ name: 'rowDescription', fields });
        break;
      }
      case 0x74: {
        // t: ParameterDescription
        const count = buf.readInt16BE(start);
        const dataTypeIDs: number[] = [];
        for (let i = 0; i < count; i++) dataTypeIDs.push(buf.readUInt32BE(start + 2 + i * 4));
        messages.push({ name: 'parameterDescription', dataTypeIDs });
        break;
      }
      case 0x45: // E: ErrorResponse
        error ??= databaseError(buf, start, end, length);
        break;
      default:
        // Parse/Close complete, NoData, ReadyForQuery, notices, parameter status: nothing to read.
        break;
    }
  }
  return error ? { messages, error } : { messages };
}

function databaseError(buf: Buffer, start: number, end: number, length: number) {
  const fields: Record<string, string> = {};
  let p = start;
  while (p < end && buf[p] !== 0) {
    const type = String.fromCharCode(buf[p]!);
    const nul = buf.indexOf(0, p + 1);
    fields[type] = buf.toString('utf8', p + 1, nul);
    p = nul + 1;
  }
  const error = new pgMessages.DatabaseError(fields.M ?? 'database error', length, 'error');
  Object.assign(error, {
    severity: fields.S,
    code: fields.C,
    detail: fields.D,
    hint: fields.H,
    position: fields.P,
    internalPosition: fields.p,
    internalQuery: fields.q,
    where: fields.W,
    schema: fields.s,
    table: fields.t,
    column: fields.c,
    dataType: fields.d,
    constraint: fields.n,
    file: fields.F,
    line: fields.L,
    routine: fields.R,
  });
  return error;
}

type BindValue = string | Uint8Array | null;

/**
 * A Bind message of the unnamed portal to `statement`: text values (binary for byte arrays), text
 * results. Written in one buffer with Node's native UTF-8 encoder: pg-protocol's general writer
 * (a byte-length loop in JavaScript per string, a fresh buffer per message) cost more per report
 * than parsing the replies.
 */
function bindMessage(statement: string, values: BindValue[]): Uint8Array {
  const count = values.length;
  let size = 1 + 4 + 1 + Buffer.byteLength(statement) + 1 + 2 + 2 * count + 2 + 2;
  const lengths = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    lengths[i] = v === null ? -1 : typeof v === 'string' ? Buffer.byteLength(v) : v.byteLength;
    size += 4 + Math.max(lengths[i]!, 0);
  }
  const buf = Buffer.allocUnsafe(size);
  buf[0] = 0x42; // B
  buf.writeInt32BE(size - 1, 1);
  let p = 5;
  buf[p++] = 0; // unnamed portal
  p += buf.write(statement, p, 'utf8');
  buf[p++] = 0;
  buf.writeInt16BE(count, p);
  p += 2;
  for (let i = 0; i < count; i++) {
    buf.writeInt16BE(values[i] instanceof Uint8Array ? 1 : 0, p);
    p += 2;
  }
  buf.writeInt16BE(count, p);
  p += 2;
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    buf.writeInt32BE(lengths[i]!, p);
    p += 4;
    if (typeof v === 'string') p += buf.write(v, p, 'utf8');
    else if (v !== null) {
      buf.set(v, p);
      p += v.byteLength;
    }
  }
  buf.writeInt16BE(0, p); // no result format codes: all text
  return buf;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fieldsOf(message: Message | undefined): Prepared['fields'] {
  const fields = (message?.fields as { name: string; dataTypeID: number }[] | undefined) ?? [];
  return fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
}

/** Rows and the affected-row count, read as PGlite's parseResults reads them. */
function toResult<R>(
  messages: Message[],
  fields: Prepared['fields'],
  parsers: PGlite['parsers'],
): QueryResult<R> {
  const rows: R[] = [];
  let affected = 0;
  // Only what follows the bind belongs to this statement (a BEGIN may come first).
  let mine = false;
  for (const m of messages) {
    if (m.name === 'bindComplete') mine = true;
    else if (!mine) continue;
    else if (m.name === 'dataRow') {
      const values = m.fields as (string | null)[];
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const value = values[i] ?? null;
        const field = fields[i]!;
        const parser = parsers[field.dataTypeID];
        row[field.name] = value === null ? null : parser ? parser(value, field.dataTypeID) : value;
      }
      rows.push(row as R);
    } else if (m.name === 'commandComplete') {
      const parts = (m.text as string).split(' ');
      if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(parts[0]!)) {
        affected += Number.parseInt(parts[parts.length - 1]!, 10);
      }
    }
  }
  return { rows, numAffectedRows: BigInt(affected) };
}
