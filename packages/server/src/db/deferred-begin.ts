import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Kysely's PostgreSQL dialect with BEGIN sent late: a transaction's BEGIN waits for its first
 * statement, and rides along with it in one round trip when that statement has no parameters
 * (node-postgres sends it with the simple-query protocol, which takes several statements in one
 * string). A parameterised first statement gets its BEGIN alone first, as before; a transaction
 * that ran nothing sends neither BEGIN nor COMMIT. Each round trip is a socket write in the server
 * and a wake-up in the database: on the report path they were the largest cost (docs/scale.md).
 * Transactions with an isolation level or access mode start at once, as Kysely starts them.
 * A string that ends in COMMIT (see ENDS_WITH_COMMIT) ends its transaction: Kysely's COMMIT or
 * ROLLBACK after it is not sent.
 */
export class DeferredBeginDialect implements Dialect {
  constructor(private readonly inner: Dialect) {}
  createAdapter() {
    return this.inner.createAdapter();
  }
  createDriver(): Driver {
    return new DeferredBeginDriver(this.inner.createDriver());
  }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return this.inner.createIntrospector(db);
  }
  createQueryCompiler() {
    return this.inner.createQueryCompiler();
  }
}

/** A statement string whose last statement is COMMIT, e.g. `execute …;\ncommit`. */
export const ENDS_WITH_COMMIT = /;\s*commit\s*$/i;

class DeferredConnection implements DatabaseConnection {
  /** BEGIN owed: the next statement sends it. */
  pendingBegin = false;
  /** The transaction was committed by a statement string of its own: nothing is left to end. */
  ended = false;

  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let sent = query;
    if (this.pendingBegin) {
      this.pendingBegin = false;
      if (query.parameters.length === 0) sent = { ...query, sql: `begin;\n${query.sql}` };
      else await this.inner.executeQuery(CompiledQuery.raw('begin'));
    }
    const result = await this.inner.executeQuery<R>(sent);
    if (query.parameters.length === 0 && ENDS_WITH_COMMIT.test(query.sql)) this.ended = true;
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (!this.pendingBegin) return this.inner.streamQuery<R>(query, chunkSize);
    const connection = this;
    return (async function* () {
      if (connection.pendingBegin) {
        connection.pendingBegin = false;
        await connection.inner.executeQuery(CompiledQuery.raw('begin'));
      }
      yield* connection.inner.streamQuery<R>(query, chunkSize);
    })();
  }
}

class DeferredBeginDriver implements Driver {
  /** One wrapper per pooled connection, so Kysely hands back the object it was given. */
  private readonly wrappers = new WeakMap<DatabaseConnection, DeferredConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapper = this.wrappers.get(connection);
    if (!wrapper) {
      wrapper = new DeferredConnection(connection);
      this.wrappers.set(connection, wrapper);
    }
    wrapper.pendingBegin = false;
    wrapper.ended = false;
    return wrapper;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = conn as DeferredConnection;
    c.ended = false;
    if (settings.isolationLevel || settings.accessMode) return this.inner.beginTransaction(c.inner, settings);
    c.pendingBegin = true;
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    const c = conn as DeferredConnection;
    // Nothing ran in the transaction, or its last string committed it: there is nothing to end.
    if (c.pendingBegin) c.pendingBegin = false;
    else if (c.ended) c.ended = false;
    else await this.inner.commitTransaction(c.inner);
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    const c = conn as DeferredConnection;
    if (c.pendingBegin) c.pendingBegin = false;
    else if (c.ended) c.ended = false;
    else await this.inner.rollbackTransaction(c.inner);
  }

  async savepoint(conn: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    const c = conn as DeferredConnection;
    if (c.pendingBegin) {
      c.pendingBegin = false;
      await c.inner.executeQuery(CompiledQuery.raw('begin'));
    }
    await this.inner.savepoint!(c.inner, name, compile);
  }

  async rollbackToSavepoint(conn: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    const c = conn as DeferredConnection;
    await this.inner.rollbackToSavepoint!(c.inner, name, compile);
  }

  async releaseSavepoint(conn: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    const c = conn as DeferredConnection;
    await this.inner.releaseSavepoint!(c.inner, name, compile);
  }

  releaseConnection(conn: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((conn as DeferredConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
