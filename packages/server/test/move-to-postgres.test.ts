import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createClient, type ShopfloorClient } from '@shopfloor/sdk';
import fc from 'fast-check';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { latestVersion, migrations } from '../src/db/migrations/index.js';
import { operatorOf } from '../src/demo/plant.js';
import { seedDemoFactory } from '../src/demo/seed.js';
import { MoveError, type MoveResult, moveToPostgres } from '../src/modules/backup/move.js';
import { topologicalOrder } from '../src/modules/backup/move-catalog.js';
import { startServer } from '../src/server.js';
import { TestClock } from './harness.js';

const PG_URL = process.env.SHOPFLOOR_TEST_PG_URL;
const config = {
  ...loadConfig({ PORT: '0', SHOPFLOOR_DEMO: 'on', SHOPFLOOR_LOG_LEVEL: 'silent' }),
  validateResponses: true,
};
/** Both servers answer at the same moment: overdue and alert figures depend on the clock. */
const AT = '2026-11-25T09:00:00+08:00';

async function start(database: Awaited<ReturnType<typeof openDatabase>>, seed: boolean) {
  const clock = new TestClock(new Date(AT));
  const server = await startServer(config, {
    clock,
    database,
    workers: false,
    logger: pino({ level: 'silent' }),
    beforeServe: seed ? async (deps) => void (await seedDemoFactory(deps.db, config, clock)) : undefined,
  });
  const as = async (userId: string): Promise<ShopfloorClient> => {
    const session = await createClient({ baseUrl: server.url }).auth.devLogin({ userId });
    return createClient({ baseUrl: server.url, token: session.token });
  };
  return { server, as };
}

/** What a plant sees: work orders, balances, alerts — the answers the move must keep. */
async function answers(as: (user: string) => Promise<ShopfloorClient>) {
  const admin = await as('demo-admin');
  const get = (path: string) => admin.request<unknown>({ method: 'GET', path });
  return {
    workOrders: await get('/work-orders?limit=500'),
    balances: await get('/stock/balances?limit=500'),
    alerts: await get('/alerts?limit=500'),
  };
}

/** A PGlite folder migrated by hand up to `version`, then `extra` run in it. */
async function folderAt(version: number, extra: string): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'shopfloor-move-at-')), 'data');
  const pglite = await PGlite.create(dir);
  await pglite.exec(
    'create table schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
  );
  for (const m of migrations.filter((m) => m.version <= version)) {
    for (const statement of m.sql.split(/;\s*\n/).filter((t) => t.trim())) await pglite.exec(statement);
    await pglite.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
  }
  await pglite.exec(extra);
  await pglite.close();
  return dir;
}

describe('topologicalOrder', () => {
  it('puts every table after the tables it points to, ties by name, and names a cycle', () => {
    const order = topologicalOrder(
      new Map([
        ['users', new Set(['orgs'])],
        ['orgs', new Set<string>()],
        ['api_tokens', new Set(['users', 'orgs'])],
        ['items', new Set(['orgs'])],
      ]),
    );
    expect(order).toEqual(['orgs', 'items', 'users', 'api_tokens']);
    expect(() =>
      topologicalOrder(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['a'])],
        ]),
      ),
    ).toThrow('foreign keys form a cycle among a, b');
  });
});

describe('topologicalOrder on any schema without cycles', () => {
  it('lists every table once, each after every table its foreign keys point to', () => {
    // Edges only from a later table to an earlier one: never a cycle.
    const schemas = fc
      .integer({ min: 1, max: 30 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 80 }),
          fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(schemas, ([n, pairs, names]) => {
        const name = (i: number) => `t${names[i]}`;
        const parents = new Map([...Array(n).keys()].map((i) => [name(i), new Set<string>()]));
        for (const [a, b] of pairs) if (a > b) parents.get(name(a))!.add(name(b));
        const order = topologicalOrder(parents);
        expect([...order].sort()).toEqual([...parents.keys()].sort());
        const at = new Map(order.map((table, i) => [table, i]));
        for (const [child, of] of parents)
          for (const parent of of) expect(at.get(parent)!).toBeLessThan(at.get(child)!);
      }),
    );
  });
});

describe('moveToPostgres: refusals that need no PostgreSQL', () => {
  it('refuses a data folder a server has open (postmaster.pid), and a folder with no database', async () => {
    const open = mkdtempSync(join(tmpdir(), 'shopfloor-move-open-'));
    writeFileSync(join(open, 'postmaster.pid'), '-42\n');
    const busy = moveToPostgres({ dataDir: open, url: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(busy).rejects.toThrow(MoveError);
    await expect(busy).rejects.toMatchObject({ code: 'in-use' });
    await expect(busy).rejects.toThrow(
      /is in use by a running server \(it holds postmaster\.pid\): stop the server first/,
    );
    const empty = mkdtempSync(join(tmpdir(), 'shopfloor-move-empty-'));
    await expect(moveToPostgres({ dataDir: empty, url: 'postgres://x@127.0.0.1:1/x' })).rejects.toMatchObject(
      {
        code: 'no-database',
      },
    );
  });
});

describe.skipIf(!PG_URL)('moveToPostgres from a PGlite folder into PostgreSQL', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'shopfloor-move-')), 'data');
  const schema = `move_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let before: Awaited<ReturnType<typeof answers>>;
  /** A work order reported on before the move: the server on PostgreSQL takes one more report of it. */
  let reportedOn: string;
  let moved: MoveResult;
  const admin = new pg.Client({ connectionString: PG_URL });

  beforeAll(async () => {
    await admin.connect();
    const folderDb = await openDatabase({ dataDir });
    const { server, as } = await start(folderDb, true);
    try {
      // Reports on released work orders add movements, genealogy and maybe alerts to the demo's data.
      const planner = await as('demo-planner');
      const released = await planner.request<{ items: Array<{ no: string }> }>({
        method: 'GET',
        path: '/work-orders?status=released&limit=20',
      });
      let reports = 0;
      for (const { no } of released.items) {
        const wo = await planner.workOrders.get(no);
        const op = wo.operations.find((o) => o.status !== 'done' && o.workshop);
        if (!op) continue;
        const operator = await as(operatorOf(op.workshop!));
        const done = await operator.reports
          .create(no, op.seq, { goodQty: 1, scrapQty: 0, deviceTime: AT }, { idempotencyKey: randomUUID() })
          .then(() => true)
          .catch(() => false);
        if (done) {
          reports++;
          reportedOn = no;
        }
        if (reports >= 5) break;
      }
      expect(reports).toBeGreaterThan(0);
      before = await answers(as);
      // The answers compared after the move are not empty ones.
      for (const answer of Object.values(before)) {
        expect((answer as { items: unknown[] }).items.length).toBeGreaterThan(0);
      }
    } finally {
      await server.close();
      await folderDb.close();
    }
  }, 180_000);

  afterAll(async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('copies every table, sets the sequences past their max and checks counts and the ledger', async () => {
    const progress: string[] = [];
    moved = await moveToPostgres({
      dataDir,
      url: PG_URL!,
      schema,
      batchRows: 7,
      onProgress: (m) => progress.push(m),
    });
    expect(moved.sourceVersion).toBe(latestVersion);
    expect(moved.schema).toBe(schema);
    expect(moved.tables.length).toBeGreaterThan(50);
    expect(moved.tables.find((t) => t.table === 'stock_movements')!.rows).toBeGreaterThan(0);
    expect(moved.tables.find((t) => t.table === 'operation_reports')!.rows).toBeGreaterThan(0);
    expect(moved.ledger.keys).toBeGreaterThan(0);
    expect(moved.ledger.disagreeing).toEqual([]);
    expect(progress).toContain(`schema version ${latestVersion} created in "${schema}"`);

    // Row counts read straight from PostgreSQL equal the folder's.
    const source = await openDatabase({ dataDir });
    try {
      for (const { table, rows } of moved.tables) {
        const here = await admin.query<{ n: string }>(
          `select count(*)::text as n from "${schema}"."${table}"`,
        );
        expect(Number(here.rows[0]!.n), table).toBe(rows);
        const there = await source.db
          .selectFrom(table as 'items')
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(there.n), table).toBe(rows);
      }
    } finally {
      await source.close();
    }
    // The next stock movement gets a number past every copied one.
    const next = await admin.query<{ next: string; max: string }>(
      `select nextval('"${schema}".stock_movements_id_seq')::text as next, (select max(id) from "${schema}".stock_movements)::text as max`,
    );
    expect(BigInt(next.rows[0]!.next)).toBeGreaterThan(BigInt(next.rows[0]!.max));
  }, 180_000);

  it('a server started on PostgreSQL serves the same work orders, balances and alerts, and takes reports', async () => {
    const database = await openDatabase({ url: PG_URL!, schema, poolSize: 5 });
    const { server, as } = await start(database, false);
    try {
      expect(await answers(as)).toEqual(before);
      // New rows get fresh ids: the sequences were set past the copied ones.
      const planner = await as('demo-planner');
      const wo = await planner.workOrders.get(reportedOn);
      const op = wo.operations.find((o) => o.status !== 'done' && o.workshop)!;
      const operator = await as(operatorOf(op.workshop!));
      const created = await operator.reports.create(
        reportedOn,
        op.seq,
        { goodQty: 1, scrapQty: 0, deviceTime: AT },
        { idempotencyKey: randomUUID() },
      );
      expect(created.goodQty).toBe(1);
    } finally {
      await server.close();
      await database.close();
    }
  }, 180_000);

  it('refuses a second move into the now non-empty target, and leaves it as it was', async () => {
    const count = async () =>
      Number(
        (await admin.query<{ n: string }>(`select count(*)::text as n from "${schema}".stock_movements`))
          .rows[0]!.n,
      );
    const rows = await count();
    const again = moveToPostgres({ dataDir, url: PG_URL!, schema });
    await expect(again).rejects.toMatchObject({ code: 'not-empty' });
    await expect(again).rejects.toThrow(
      new RegExp(
        `^the target is not empty: schema "${schema}" of .+ already holds \\d+ tables or sequences \\(`,
      ),
    );
    expect(await count()).toBe(rows);
  }, 60_000);

  it('moves a folder of an older schema and migrates it on the way, as a server start would', async () => {
    const older = await folderAt(
      latestVersion - 1,
      `insert into orgs (id, name, platform) values ('demo', '演示工厂', 'demo')`,
    );
    const target = `move_old_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    try {
      const result = await moveToPostgres({ dataDir: older, url: PG_URL!, schema: target });
      expect(result.sourceVersion).toBe(latestVersion - 1);
      expect(result.appliedAfterCopy).toEqual([latestVersion]);
      const versions = await admin.query<{ v: number }>(
        `select version as v from "${target}".schema_migrations order by version`,
      );
      expect(versions.rows.map((r) => r.v)).toEqual(migrations.map((m) => m.version));
      expect((await admin.query(`select id from "${target}".orgs`)).rows).toEqual([{ id: 'demo' }]);
    } finally {
      await admin.query(`drop schema if exists "${target}" cascade`);
    }
  }, 120_000);

  it('refuses a folder holding a table no migration creates, naming it, and leaves no schema behind', async () => {
    const odd = await folderAt(latestVersion, 'create table my_notes (id integer primary key, note text)');
    const target = `move_odd_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    const refused = moveToPostgres({ dataDir: odd, url: PG_URL!, schema: target });
    await expect(refused).rejects.toMatchObject({ code: 'mismatch' });
    await expect(refused).rejects.toThrow(
      'the folder holds tables no Shopfloor migration creates (my_notes)',
    );
    expect((await admin.query('select 1 from pg_namespace where nspname = $1', [target])).rows).toEqual([]);
  }, 120_000);

  it('undoes everything when the copy fails halfway: the schema it created is gone', async () => {
    const failing = `move_fail_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    let seen = 0;
    await expect(
      moveToPostgres({
        dataDir,
        url: PG_URL!,
        schema: failing,
        onProgress: () => {
          // A failure after a few tables were copied: the one transaction on the target is rolled back.
          if (++seen === 5) throw new Error('cut');
        },
      }),
    ).rejects.toThrow('cut');
    const left = await admin.query(`select 1 from pg_namespace where nspname = $1`, [failing]);
    expect(left.rows).toEqual([]);
  }, 60_000);
});
