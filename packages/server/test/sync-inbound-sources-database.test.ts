import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeLease } from '../src/modules/sync/inbound/sources/store.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * The database connector against the real MariaDB (127.0.0.1:3306, database test) and PostgreSQL
 * (127.0.0.1:5432, database test, through a view): watermark runs, ties, runs, failures, the lease.
 */
const MARIADB_URL = 'mysql://root@127.0.0.1:3306/test';
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

let maria: mysql.Connection;
let pgc: pg.Client;
beforeAll(async () => {
  maria = await mysql.createConnection({ uri: MARIADB_URL });
  pgc = new pg.Client({ connectionString: PG_URL });
  await pgc.connect();
});
afterAll(async () => {
  await maria?.end();
  await pgc?.end();
});

interface Run {
  id: string;
  trigger: string;
  status: string;
  records: number;
  applied: number;
  rejected: number;
  duplicates: number;
  watermarkBefore: Record<string, unknown> | null;
  watermarkAfter: Record<string, unknown> | null;
  error: string | null;
}

describe.each(backends())('database inbound connector on %s', (backend) => {
  let server: TestServer;
  // Their tables, this pass's own: uniquely named, dropped at the end.
  const suffix = `${backend}_${randomBytes(4).toString('hex')}`;
  const MY_TABLE = `sf_inbound_items_${suffix}`;
  const PG_TABLE = `sf_inbound_items_${suffix}`;
  const PG_VIEW = `sf_inbound_items_v_${suffix}`;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    await maria.query(
      `create table ${MY_TABLE} (code varchar(64) primary key, name varchar(200) not null, uom varchar(16) not null,
        type varchar(16) not null, updated_at datetime(3) not null)`,
    );
    await pgc.query(
      `create table ${PG_TABLE} (id integer primary key, item_code text not null, item_name text not null,
        unit text not null, kind text not null, changed timestamptz not null)`,
    );
    // Their view names the columns as our item record does: the connector reads the view.
    await pgc.query(
      `create view ${PG_VIEW} as select id, item_code as code, item_name as name, unit as uom, kind as type, changed from ${PG_TABLE}`,
    );
  });
  afterAll(async () => {
    await maria.query(`drop table if exists ${MY_TABLE}`);
    await pgc.query(`drop view if exists ${PG_VIEW}`);
    await pgc.query(`drop table if exists ${PG_TABLE}`);
    await server?.close();
  });

  const call = async (method: string, path: string, body?: unknown, as = 'admin') => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token(as)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const addConnector = async (name: string, config: Record<string, unknown>) => {
    const r = await call('POST', '/sync/connectors', { kind: 'database', name, config });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const pull = async (id: string) => {
    const r = await call('POST', `/sync/connectors/${id}/run`);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as unknown as Run;
  };
  const item = (code: string) =>
    server.database.db
      .selectFrom('items')
      .select(['code', 'name'])
      .where('org_id', '=', 'demo')
      .where('code', '=', code)
      .executeTakeFirst();
  const appliedLog = (connectorId: string) =>
    server.database.db
      .selectFrom('inbound_records')
      .select(['source_id', 'source_version', 'outcome'])
      .where('connector_id', '=', connectorId)
      .where('outcome', '=', 'applied')
      .orderBy('id')
      .execute();

  it('MariaDB: each run takes only the rows changed since the watermark, ties on it included', async () => {
    const p = `M${suffix}`;
    const t1 = '2026-12-01 08:00:00.000';
    // Three rows on one watermark and a batch of two: the cursor stops inside the tie.
    await maria.execute(
      `insert into ${MY_TABLE} values (?, '轴承', 'pcs', 'buy', ?), (?, '齿轮', 'pcs', 'buy', ?), (?, '链条', 'pcs', 'buy', ?)`,
      [`${p}-A`, t1, `${p}-B`, t1, `${p}-C`, t1],
    );
    const id = await addConnector(`ERP 库 ${p}`, {
      dialect: 'mysql',
      url: MARIADB_URL,
      tables: [
        { table: MY_TABLE, kind: 'item', idColumn: 'code', watermarkColumn: 'updated_at', batchSize: 2 },
      ],
    });
    const first = await pull(id);
    expect(first).toMatchObject({
      status: 'succeeded',
      trigger: 'manual',
      records: 3,
      applied: 3,
      rejected: 0,
      error: null,
    });
    expect(first.watermarkBefore).toEqual({});
    expect(first.watermarkAfter).toEqual({ [MY_TABLE]: { watermark: t1, id: `${p}-C` } });
    expect((await item(`${p}-B`))?.name).toBe('齿轮');

    // One row changes, one arrives on the old watermark (a tie broken by its id): only those two.
    await maria.execute(`update ${MY_TABLE} set name = '齿轮 Z20', updated_at = ? where code = ?`, [
      '2026-12-01 09:30:00.250',
      `${p}-B`,
    ]);
    await maria.execute(`insert into ${MY_TABLE} values (?, '皮带', 'pcs', 'buy', ?)`, [`${p}-D`, t1]);
    const second = await pull(id);
    expect(second).toMatchObject({ status: 'succeeded', records: 2, applied: 2, duplicates: 0 });
    expect(second.watermarkAfter).toEqual({
      [MY_TABLE]: { watermark: '2026-12-01 09:30:00.250', id: `${p}-B` },
    });
    expect((await item(`${p}-B`))?.name).toBe('齿轮 Z20');
    expect(await item(`${p}-D`)).toBeDefined();

    const third = await pull(id);
    expect(third).toMatchObject({ status: 'succeeded', records: 0 });
    // Every row applied once per version: A, B, C, D, then B's new version.
    expect((await appliedLog(id)).map((r) => r.source_id)).toEqual([
      `${p}-A`,
      `${p}-B`,
      `${p}-C`,
      `${p}-D`,
      `${p}-B`,
    ]);

    const runs = await call('GET', `/sync/connectors/${id}/runs`, undefined, 'pl-zhou');
    expect(runs.status).toBe(200);
    expect((runs.body.items as Run[]).map((r) => r.records)).toEqual([0, 2, 3]);
  });

  it('PostgreSQL through a schema-qualified view: watermark and ties on timestamptz', async () => {
    const p = `P${suffix}`;
    const t1 = '2026-12-02 10:00:00.123456+08';
    await pgc.query(
      `insert into ${PG_TABLE} values (1, $1, '螺栓', 'pcs', 'buy', $4), (2, $2, '螺母', 'pcs', 'buy', $4), (3, $3, '垫片', 'pcs', 'buy', $4)`,
      [`${p}-1`, `${p}-2`, `${p}-3`, t1],
    );
    const id = await addConnector(`MES 视图 ${p}`, {
      dialect: 'postgres',
      url: PG_URL,
      tables: [
        {
          table: `public.${PG_VIEW}`,
          kind: 'item',
          idColumn: 'code',
          watermarkColumn: 'changed',
          batchSize: 2,
        },
      ],
    });
    const first = await pull(id);
    expect(first).toMatchObject({ status: 'succeeded', records: 3, applied: 3 });
    await pgc.query(`update ${PG_TABLE} set item_name = '螺母 M8', changed = $1 where id = 2`, [
      '2026-12-02 11:00:00+08',
    ]);
    await pgc.query(`insert into ${PG_TABLE} values (4, $1, '弹垫', 'pcs', 'buy', $2)`, [`${p}-4`, t1]);
    const second = await pull(id);
    expect(second).toMatchObject({ status: 'succeeded', records: 2, applied: 2 });
    expect((await item(`${p}-2`))?.name).toBe('螺母 M8');
    expect(await item(`${p}-4`)).toBeDefined();
    expect((await pull(id)).records).toBe(0);
  });

  it('a source that is down fails its runs and raises the sync-failure alert at the second; it resolves on recovery', async () => {
    const p = `F${suffix}`;
    await maria.execute(`insert into ${MY_TABLE} values (?, '法兰', 'pcs', 'buy', '2026-12-03 08:00:00')`, [
      `${p}-1`,
    ]);
    const id = await addConnector(`断开的库 ${p}`, {
      dialect: 'mysql',
      url: 'mysql://root@127.0.0.1:1/test',
      tables: [{ table: MY_TABLE, kind: 'item', idColumn: 'code', watermarkColumn: 'updated_at' }],
    });
    const alerts = () =>
      server.database.db
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'sync-failure')
        .where('subject', '=', id)
        .execute();
    const failed = await pull(id);
    expect(failed).toMatchObject({ status: 'failed', records: 0 });
    expect(failed.error).toMatch(/ECONNREFUSED|connect/);
    expect(await alerts()).toEqual([]);
    await pull(id);
    expect(await alerts()).toEqual([expect.objectContaining({ status: 'open', severity: 'critical' })]);
    await pull(id);
    expect(await alerts()).toHaveLength(1); // once per outage

    const fixed = await call('PUT', `/sync/connectors/${id}`, { config: { url: MARIADB_URL } });
    expect(fixed.status).toBe(200);
    const ok = await pull(id);
    expect(ok.status).toBe('succeeded');
    expect(ok.applied).toBeGreaterThanOrEqual(1);
    const after = await alerts();
    expect(after).toEqual([expect.objectContaining({ status: 'resolved' })]);
    expect(after[0]!.message).toContain('同步已恢复');
  });

  it('runs on the schedule, one pull at a time per connector', async () => {
    const p = `S${suffix}`;
    const id = await addConnector(`定时 ${p}`, {
      dialect: 'mysql',
      url: MARIADB_URL,
      everyMinutes: 30,
      tables: [{ table: MY_TABLE, kind: 'item', idColumn: 'code', watermarkColumn: 'updated_at' }],
    });
    const worker = server.services.workers.inbound;
    const runsOf = async () => (await call('GET', `/sync/connectors/${id}/runs`)).body.items as Run[];
    await worker.tick();
    expect((await runsOf()).map((r) => r.trigger)).toEqual(['schedule']);
    await worker.tick();
    expect(await runsOf()).toHaveLength(1); // not due before 30 minutes
    server.clock.advance(30 * 60_000);
    await worker.tick();
    expect(await runsOf()).toHaveLength(2);

    // Another replica holds the lease: a pull now is refused, the schedule skips it.
    const connector = { id, orgId: 'demo', kind: 'database' as const, name: p, config: {} };
    const now = server.clock.now();
    expect(
      await takeLease(server.database.db, connector, 'other-replica', now, new Date(now.getTime() + 60_000)),
    ).not.toBeNull();
    const busy = await call('POST', `/sync/connectors/${id}/run`);
    expect(busy.status).toBe(409);
    expect(busy.body.type).toBe('/problems/pull-running');
    server.clock.advance(30 * 60_000); // the lease ran out: the replica crashed; the next pull takes over
    expect((await pull(id)).status).toBe('succeeded');
  });

  it('refuses identifiers that are not plain names, and pulls only for pull connectors', async () => {
    const bad = await call('POST', '/sync/connectors', {
      kind: 'database',
      name: 'bad',
      config: {
        dialect: 'mysql',
        url: MARIADB_URL,
        tables: [
          {
            table: 'items; drop table items',
            kind: 'item',
            idColumn: 'code`',
            watermarkColumn: 'updated_at',
          },
        ],
      },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['config.tables.0.table', 'config.tables.0.idColumn']));
    const hook = await call('POST', '/sync/connectors', {
      kind: 'webhook',
      name: 'hook',
      config: { url: 'http://127.0.0.1:9/hook', secret: 'webhook-secret-0123456789' },
    });
    const notPull = await call('POST', `/sync/connectors/${hook.body.id}/run`);
    expect(notPull.status).toBe(409);
    expect(notPull.body.type).toBe('/problems/not-a-pull-connector');
    expect((await call('GET', '/sync/connectors/database-nope/runs')).status).toBe(404);
  });
});
