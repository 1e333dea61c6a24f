import { randomUUID } from 'node:crypto';
import { createClient, Health, ServiceDegradedError } from '@shopfloor/sdk';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/database.js';
import type { Database } from '../src/db/schema.js';
import { signSession } from '../src/http/session.js';
import { findUser, toPrincipal } from '../src/modules/auth/store.js';
import { type RunningServer, startServer } from '../src/server.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * A database that is up but refuses writes — the role the server connects as has SELECT only
 * (lost INSERT, or a read-only replica):
 *
 *   - the server still starts (the schema is current and the org exists),
 *   - `/health` answers 200 with `status: degraded` and `checks.db` "read-only: …" (200, so a load
 *     balancer keeps sending reads to it; 503 is kept for `down`),
 *   - reads keep working,
 *   - every change answers 503 problem+json `/problems/degraded` with Retry-After
 *     (ServiceDegradedError in the SDK), never 500, and writes nothing,
 *   - when writes come back, so do `ok` and 201.
 *
 * PostgreSQL: a login role with SELECT only on the test schema, and a second server connected as
 * it. PGlite (one connection, superuser): `SET ROLE` to such a role on the server's own connection.
 */

interface ReadOnlyDatabase {
  database: DatabaseHandle;
  /** Gives the role its writes back. */
  restore(): Promise<void>;
  /** Makes the database unreachable for the role (PostgreSQL only). */
  cutOff?(): Promise<void>;
  drop(): Promise<void>;
}

/** PGlite: the single connection takes a role that may only read. */
async function pgliteReadOnly(owner: TestServer): Promise<ReadOnlyDatabase> {
  const db = owner.database.db;
  const role = `reader_${randomUUID().slice(0, 8)}`;
  await sql.raw(`create role ${role} nologin`).execute(db);
  await sql.raw(`grant usage on schema public to ${role}`).execute(db);
  await sql.raw(`grant select on all tables in schema public to ${role}`).execute(db);
  await sql.raw(`set role ${role}`).execute(db);
  return {
    // Shared with the owner's server: the read-only server must not close it.
    database: { ...owner.database, close: async () => undefined },
    async restore() {
      await sql.raw('reset role').execute(db);
    },
    async drop() {
      await sql.raw('reset role').execute(db);
      await sql.raw(`drop owned by ${role}`).execute(db);
      await sql.raw(`drop role ${role}`).execute(db);
    },
  };
}

/** PostgreSQL: a login role with SELECT only on the test's schema, and a pool that connects as it. */
async function postgresReadOnly(owner: TestServer): Promise<ReadOnlyDatabase> {
  const admin = owner.database.db;
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(admin)).rows[0]!.s;
  const role = `reader_${randomUUID().slice(0, 8)}`;
  await sql.raw(`create role ${role} login`).execute(admin);
  await sql.raw(`grant usage on schema "${schema}" to ${role}`).execute(admin);
  await sql.raw(`grant select on all tables in schema "${schema}" to ${role}`).execute(admin);
  const url = new URL(process.env.SHOPFLOOR_TEST_PG_URL!);
  url.username = role;
  url.password = '';
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 4,
    options: `-c search_path="${schema}"`,
  });
  // As openDatabase does: a terminated idle connection must not become an unhandled 'error' event.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await db.destroy();
  };
  return {
    database: { db, kind: 'postgres', location: `postgres://${role}@…`, close: destroy },
    async restore() {
      await sql
        .raw(`grant insert, update, delete on all tables in schema "${schema}" to ${role}`)
        .execute(admin);
      await sql.raw(`grant usage on all sequences in schema "${schema}" to ${role}`).execute(admin);
    },
    async cutOff() {
      await sql.raw(`alter role ${role} nologin`).execute(admin);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role}`.execute(
        admin,
      );
    },
    async drop() {
      await destroy();
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role}`.execute(
        admin,
      );
      await sql.raw(`drop owned by ${role}`).execute(admin);
      await sql.raw(`drop role ${role}`).execute(admin);
    },
  };
}

describe.each(backends())('a database that refuses writes, on %s', (backend) => {
  let owner: TestServer;
  let readOnly: ReadOnlyDatabase;
  let server: RunningServer;
  let token: string;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      retryAfter: res.headers.get('retry-after'),
      body: await res.json(),
    };
  };
  const health = async () => {
    const res = await fetch(`${server.url}/api/v1/health`);
    return { status: res.status, body: Health.parse(await res.json()) };
  };
  const rows = async (table: 'items' | 'audit_log' | 'api_tokens' | 'idempotency_keys' | 'outbox_events') =>
    Number(
      (
        await owner.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const newItem = () => ({
    code: `RO-${randomUUID().slice(0, 8)}`,
    name: '只读测试件',
    uom: 'pcs',
    type: 'buy',
  });

  beforeAll(async () => {
    owner = await startTestServer({ backend, seed: seedUsers });
    readOnly = backend === 'postgres' ? await postgresReadOnly(owner) : await pgliteReadOnly(owner);
    // A second server, started on the database as the role that may only read.
    const config = {
      ...loadConfig({ PORT: '0', SHOPFLOOR_DEMO: 'off', SHOPFLOOR_LOG_LEVEL: 'silent' }),
      validateResponses: true,
    };
    server = await startServer(config, {
      database: readOnly.database,
      workers: false,
      clock: owner.clock,
      logger: pino({ level: 'silent' }),
    });
    const admin = await findUser(server.database.db, config.orgId, 'admin');
    token = await signSession(
      toPrincipal(admin!),
      server.deps.secrets.session,
      Math.floor(owner.clock.now().getTime() / 1000),
    );
  });
  afterAll(async () => {
    await server?.close();
    await readOnly?.drop();
    await owner?.close();
  });

  it('starts on it, and /health answers 200 degraded with db read-only', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.checks.db?.status).toBe('degraded');
    expect(body.checks.db?.detail).toMatch(/^read-only: permission denied for table settings/);
    // The rest of the report still comes from the database.
    expect(body.checks.migrations).toMatchObject({ status: 'ok' });
    expect(body.checks.outbox).toMatchObject({ status: 'ok' });
  });

  it('keeps serving reads', async () => {
    expect((await api('GET', '/auth/me')).body).toMatchObject({ id: 'admin' });
    const users = await api('GET', '/users');
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: { id: string }) => u.id)).toContain('op-li');
  });

  it('answers every change 503 problem+json with Retry-After, never 500, and writes nothing', async () => {
    const before = await Promise.all([
      rows('items'),
      rows('audit_log'),
      rows('api_tokens'),
      rows('idempotency_keys'),
    ]);
    const changes = [
      api('POST', '/items', newItem()),
      api('POST', '/items', newItem(), { 'Idempotency-Key': randomUUID() }),
      api('PUT', '/users/op-wang/roles', {
        roles: ['operator', 'storekeeper'],
        workshops: ['WS-MCH'],
        warehouses: ['WH-RM'],
      }),
      api('POST', '/auth/api-tokens', { userId: 'op-li', name: 'ERP 对接' }),
    ];
    for (const res of await Promise.all(changes)) {
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(res.type).toContain('application/problem+json');
      expect(res.retryAfter).toMatch(/^\d+$/);
      expect(res.body).toMatchObject({
        type: '/problems/degraded',
        title: 'Service degraded',
        status: 503,
        detail: 'the database does not accept writes right now',
      });
    }
    const after = await Promise.all([
      rows('items'),
      rows('audit_log'),
      rows('api_tokens'),
      rows('idempotency_keys'),
    ]);
    expect(after).toEqual(before);
  });

  it('is a ServiceDegradedError in the SDK', async () => {
    const client = createClient({ baseUrl: server.url, token, retry: { limit: 0 } });
    const error = await client.items.create(newItem() as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceDegradedError);
    expect(error).toMatchObject({ status: 503, retryable: true });
  });

  it('is ok again, and takes changes, once the role may write again', async () => {
    await readOnly.restore();
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.checks.db).toMatchObject({ status: 'ok', detail: 'read-write' });
    const item = newItem();
    const created = await api('POST', '/items', item);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: item.code });
  });

  if (backend === 'postgres') {
    it('answers 503 from /health (down) and from every route when the database is unreachable', async () => {
      await readOnly.cutOff!();
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.status).toBe('down');
      expect(body.checks.db?.status).toBe('down');
      for (const res of [await api('GET', '/users'), await api('POST', '/items', newItem())]) {
        expect(res.status, JSON.stringify(res.body)).toBe(503);
        expect(res.type).toContain('application/problem+json');
        expect(res.body).toMatchObject({ type: '/problems/degraded', status: 503 });
      }
    });
  }
});
