import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Backup } from '@shopfloor/sdk/admin';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../src/bootstrap.js';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { currentVersion, latestVersion } from '../src/db/migrations/index.js';
import type { Database } from '../src/db/schema.js';
import {
  BackupFileError,
  backupFileName,
  backupSourceOf,
  createDailyBackupWorker,
  readManifest,
  restoreBackup,
  takeBackup,
} from '../src/modules/backup/index.js';
import { manifestHeader } from '../src/modules/backup/manifest.js';
import { libpqEnv, PgToolError, pgDump } from '../src/modules/backup/postgres.js';
import { addItem, receive, seedStock } from './fixtures-stock.js';
import { startTestServer, type TestServer } from './harness.js';

const folder = (name: string) => mkdtempSync(join(tmpdir(), `shopfloor-${name}-`));

/** What a restore must bring back: the stock ledger, balances, items and the audit trail, in order. */
async function snapshot(db: Kysely<Database>) {
  const rows = async (table: string, order: string) =>
    (await sql.raw(`select * from ${table} order by ${order}`).execute(db)).rows;
  return {
    items: await rows('items', 'org_id, code'),
    movements: await rows('stock_movements', 'id'),
    balances: await rows('stock_balances', 'org_id, item, location, lot'),
    receipts: await rows('stock_receipts', 'id'),
    audit: await rows('audit_log', 'id'),
  };
}

async function call(server: TestServer, method: string, path: string, as = 'admin'): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${await server.token(as)}` },
  });
}

describe('backups of the embedded database (PGlite) while the server runs', () => {
  let server: TestServer;
  const dir = folder('backups');
  let taken: Backup;
  let downloaded: string;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    server = await startTestServer({ seed: seedStock, env: { SHOPFLOOR_BACKUP_DIR: dir } });
  });
  afterAll(() => server?.close());

  it('takes a backup through POST /backups, lists it and serves the file', async () => {
    await addItem(server.database.db, 'BK-OAK');
    await receive(server, [{ item: 'BK-OAK', qty: 120, lot: 'L-1' }]);
    before = await snapshot(server.database.db);

    const res = await call(server, 'POST', '/backups');
    expect(res.status).toBe(201);
    taken = (await res.json()) as Backup;
    expect(taken).toMatchObject({
      reason: 'manual',
      takenBy: 'admin',
      takenAt: server.clock.now().toISOString(),
    });
    expect(taken.file.startsWith(dir)).toBe(true);
    expect(taken.bytes).toBe(readFileSync(taken.file).length);

    const list = (await (await call(server, 'GET', '/backups')).json()) as { items: Backup[] };
    expect(list.items).toEqual([taken]);

    const file = await call(server, 'GET', `/backups/${taken.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${basename(taken.file)}"`);
    downloaded = join(folder('download'), 'copy.backup');
    writeFileSync(downloaded, Buffer.from(await file.arrayBuffer()));
    expect(readFileSync(downloaded).equals(readFileSync(taken.file))).toBe(true);

    const { manifest } = await readManifest(downloaded);
    expect(manifest).toMatchObject({
      format: 'pglite-datadir-tar-gz',
      database: 'pglite',
      schemaVersion: latestVersion,
      reason: 'manual',
      takenAt: taken.takenAt,
    });
  });

  it('restores the backup into a data folder with the data as it was, not as it is now', async () => {
    await receive(server, [{ item: 'BK-OAK', qty: 30, lot: 'L-2' }]);
    await addItem(server.database.db, 'BK-AFTER');
    const now = await snapshot(server.database.db);
    expect(now.movements.length).toBe(before.movements.length + 1);

    const dataDir = join(folder('restored'), 'data');
    const restored = await restoreBackup(downloaded, { kind: 'pglite', dataDir });
    expect(restored.movedAside).toBeUndefined();
    const handle = await openDatabase({ dataDir });
    try {
      expect(await snapshot(handle.db)).toEqual(before);
    } finally {
      await handle.close();
    }
  });

  it('restores over a folder that holds data by moving that folder aside, never deleting it', async () => {
    const dataDir = join(folder('over'), 'data');
    await restoreBackup(downloaded, { kind: 'pglite', dataDir });
    const again = await restoreBackup(
      downloaded,
      { kind: 'pglite', dataDir },
      new Date('2026-11-25T10:00:00Z'),
    );
    expect(again.movedAside).toBe(`${dataDir}.before-restore-2026-11-25T10-00-00-000Z`);
    expect(readdirSync(again.movedAside!)).toContain('PG_VERSION');
    const handle = await openDatabase({ dataDir });
    try {
      expect((await snapshot(handle.db)).movements).toEqual(before.movements);
    } finally {
      await handle.close();
    }
  });

  it('refuses a file that is not a backup, a damaged one, one of a newer schema and one of the other database', async () => {
    const scratch = folder('refused');
    const target = { kind: 'pglite' as const, dataDir: join(scratch, 'data') };
    const refusal = (file: string, t: Parameters<typeof restoreBackup>[1] = target) =>
      restoreBackup(file, t).then(
        () => 'restored',
        (err: Error) => {
          expect(err).toBeInstanceOf(BackupFileError);
          return err.message;
        },
      );

    const text = join(scratch, 'notes.backup');
    writeFileSync(text, '领料单 2026-11\n');
    expect(await refusal(text)).toBe(
      `${text} is not a Shopfloor backup (it does not start with the backup manifest)`,
    );

    const damaged = join(scratch, 'damaged.backup');
    const bytes = readFileSync(downloaded);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(damaged, bytes);
    expect(await refusal(damaged)).toMatch(
      /damaged\.backup is damaged: its content does not match the checksum/,
    );

    const cut = join(scratch, 'cut.backup');
    writeFileSync(cut, readFileSync(downloaded).subarray(0, 5_000));
    expect(await refusal(cut)).toMatch(/is damaged/);

    const { manifest, payloadOffset } = await readManifest(downloaded);
    const newer = join(scratch, 'newer.backup');
    writeFileSync(
      newer,
      Buffer.concat([
        manifestHeader({ ...manifest, schemaVersion: latestVersion + 1, serverVersion: '9.9.9' }),
        readFileSync(downloaded).subarray(payloadOffset),
      ]),
    );
    expect(await refusal(newer)).toBe(
      `${newer} is a backup of schema version ${latestVersion + 1} (server 9.9.9); this version knows up to ${latestVersion}: restore it with Shopfloor 9.9.9 or newer`,
    );

    expect(
      await refusal(downloaded, { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' }),
    ).toMatch(/is a backup of the embedded database \(PGlite\), but DATABASE_URL names PostgreSQL/);
    // Nothing was touched by the refusals.
    expect(existsSync(target.dataDir)).toBe(false);
  });

  it('lets only administrators take, list and download backups', async () => {
    expect((await call(server, 'POST', '/backups', 'sk-sun')).status).toBe(403);
    expect((await call(server, 'GET', '/backups', 'sk-sun')).status).toBe(403);
    expect((await call(server, 'GET', `/backups/${taken.id}/file`, 'sk-sun')).status).toBe(403);
    const missing = await call(server, 'GET', '/backups/999999/file');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: '/problems/backup-not-found' });
  });

  it('says so when the file of a listed backup was deleted', async () => {
    const another = (await (await call(server, 'POST', '/backups')).json()) as Backup;
    rmSync(another.file);
    const gone = await call(server, 'GET', `/backups/${another.id}/file`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({
      type: '/problems/backup-file-missing',
      detail: `the file of backup ${another.id} is gone (${another.file})`,
    });
  });
});

describe('a backup taken while the server works', () => {
  let server: TestServer;
  const dir = folder('busy');
  beforeAll(async () => {
    server = await startTestServer({ seed: seedStock, env: { SHOPFLOOR_BACKUP_DIR: dir } });
    await addItem(server.database.db, 'BK-P1');
    await addItem(server.database.db, 'BK-P2');
  });
  afterAll(() => server?.close());

  /** Balances are the sum of the ledger's movements: a copy cut inside a transaction would break it. */
  async function ledgerAgrees(db: Kysely<Database>): Promise<void> {
    const r = await sql<{ item: string; ledger: string; balance: string }>`
      select m.item, m.ledger::text, coalesce(b.qty, 0)::text as balance
      from (select item, sum(qty) as ledger from stock_movements group by item) m
      left join (select item, sum(qty) as qty from stock_balances group by item) b using (item)
      order by m.item`.execute(db);
    for (const row of r.rows) expect(Number(row.balance), row.item).toBe(Number(row.ledger));
  }

  it('holds any sequence of receipts, movements and balances alike, also when receipts arrive during the backup', async () => {
    // A lot belongs to one item: its number is made from the item's.
    const receipts = fc.array(
      fc
        .record({
          item: fc.constantFrom('BK-P1', 'BK-P2'),
          qty: fc.integer({ min: 1, max: 500 }),
          lot: fc.constantFrom('A', 'B', 'C'),
          location: fc.constantFrom('RM-A01', 'RM-A02'),
        })
        .map((r) => ({ ...r, lot: `${r.item}-${r.lot}` })),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(receipts, receipts, async (before, during) => {
        for (const line of before) await receive(server, [line]);
        const expected = await snapshot(server.database.db);
        const source = await backupSourceOf(server.database.db, undefined);
        const file = join(dir, `${randomUUID()}.backup`);
        // Receipts keep arriving while the copy is taken: each lands wholly before or after it.
        const [taken] = await Promise.all([
          takeBackup(server.database.db, source, { file, reason: 'manual', at: new Date() }),
          (async () => {
            for (const line of during) await receive(server, [line]);
          })(),
        ]);
        const restoredDir = join(folder('prop'), 'data');
        await restoreBackup(taken.file, { kind: 'pglite', dataDir: restoredDir });
        const handle = await openDatabase({ dataDir: restoredDir });
        try {
          const got = await snapshot(handle.db);
          await ledgerAgrees(handle.db);
          // Everything before the backup is there, in order; of the rest, a prefix of the receipts at most.
          expect(got.movements.slice(0, expected.movements.length)).toEqual(expected.movements);
          expect(got.movements.length - expected.movements.length).toBeLessThanOrEqual(during.length);
          expect(got.items).toEqual(expected.items);
        } finally {
          await handle.close();
        }
      }),
      { numRuns: 4 },
    );
  }, 180_000);
});

describe('daily backups and retention', () => {
  let server: TestServer;
  const dir = folder('daily');

  beforeAll(async () => {
    server = await startTestServer({
      seed: seedStock,
      env: { SHOPFLOOR_BACKUP_DIR: dir, SHOPFLOOR_BACKUP_KEEP: '3' },
    });
  });
  afterAll(() => server?.close());

  it('takes one backup a day and keeps the newest SHOPFLOOR_BACKUP_KEEP, deleting the oldest files', async () => {
    const manual = (await (await call(server, 'POST', '/backups')).json()) as Backup;
    const worker = createDailyBackupWorker(server.deps);
    const days: string[] = [];
    for (let day = 0; day < 5; day++) {
      expect(await worker.tick()).toBe(1);
      days.push(server.clock.now().toISOString());
      server.clock.advance(6 * 60 * 60 * 1000);
      // Not due again within 24 hours.
      expect(await worker.tick()).toBe(0);
      server.clock.advance(18 * 60 * 60 * 1000);
    }
    const rows = await server.database.db
      .selectFrom('backups')
      .select(['taken_at', 'file', 'reason'])
      .orderBy('taken_at')
      .execute();
    expect(rows.map((r) => [r.reason, r.taken_at.toISOString()])).toEqual([
      ['manual', manual.takenAt],
      ...days.slice(2).map((at) => ['daily', at]),
    ]);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(rows.map((r) => basename(r.file)).sort());
    expect(files.filter((f) => f.endsWith('-daily.backup'))).toHaveLength(3);
    // The two oldest daily files are gone; the manual one stays.
    expect(existsSync(manual.file)).toBe(true);
  });

  it('refuses POST /backups on a server without SHOPFLOOR_BACKUP_DIR and takes no daily backup', async () => {
    const bare = await startTestServer({ seed: seedStock });
    try {
      const res = await call(bare, 'POST', '/backups');
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        type: '/problems/backup-dir-not-set',
        detail: expect.stringContaining('SHOPFLOOR_BACKUP_DIR is not set'),
      });
      expect(await createDailyBackupWorker(bare.deps).tick()).toBe(0);
    } finally {
      await bare.close();
    }
  });
});

describe('the backup before migrations', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedStock });
  });
  afterAll(() => server?.close());

  it('backs up a database with data before a pending migration runs, and that file is the way back', async () => {
    const dir = folder('pre-migration');
    const db = server.database.db;
    await addItem(db, 'BK-PRE');
    // The database as the previous release left it: without migration 8 (the backups table).
    await sql`delete from schema_migrations where version = 8`.execute(db);
    await sql`drop table backups`.execute(db);
    const versionBefore = await currentVersion(db);

    const prepared = await prepareDatabase(db, { ...server.deps.config, backupDir: dir });
    expect(prepared.migrationsApplied).toEqual([8]);
    const [file] = readdirSync(dir);
    expect(file).toMatch(/-pre-migration\.backup$/);
    const recorded = await db.selectFrom('backups').select(['file', 'reason', 'taken_by']).execute();
    expect(recorded).toEqual([{ file: join(dir, file!), reason: 'pre-migration', taken_by: null }]);
    const { manifest } = await readManifest(join(dir, file!));
    expect(manifest).toMatchObject({ reason: 'pre-migration', schemaVersion: versionBefore });

    // Nothing pending, no backup: a restart takes none.
    await prepareDatabase(db, { ...server.deps.config, backupDir: dir });
    expect(readdirSync(dir)).toEqual([file]);

    // The rollback: the restored database is the one before the migration, with its data.
    const dataDir = join(folder('rollback'), 'data');
    await restoreBackup(join(dir, file!), { kind: 'pglite', dataDir });
    const handle = await openDatabase({ dataDir });
    try {
      const tables = await sql<{ t: string | null }>`select to_regclass('backups')::text as t`.execute(
        handle.db,
      );
      expect(tables.rows[0]!.t).toBeNull();
      const versions = await sql<{ version: number }>`select version from schema_migrations`.execute(
        handle.db,
      );
      expect(versions.rows.map((r) => Number(r.version))).not.toContain(8);
      const item = await handle.db.selectFrom('items').select('code').where('code', '=', 'BK-PRE').execute();
      expect(item).toEqual([{ code: 'BK-PRE' }]);
    } finally {
      await handle.close();
    }
  });

  it('takes none without SHOPFLOOR_BACKUP_DIR', async () => {
    const db = server.database.db;
    await sql`delete from schema_migrations where version = 8`.execute(db);
    await sql`drop table backups`.execute(db);
    const prepared = await prepareDatabase(db, { ...server.deps.config, backupDir: undefined });
    expect(prepared.migrationsApplied).toEqual([8]);
    expect(await db.selectFrom('backups').selectAll().execute()).toEqual([]);
  });
});

const PG_URL = process.env.SHOPFLOOR_TEST_PG_URL;

// The PostgreSQL pass runs where SHOPFLOOR_TEST_PG_URL names a server (the harness notes its absence).
if (PG_URL)
  describe('backups of PostgreSQL with pg_dump and pg_restore', () => {
    let server: TestServer;
    let restoreDb: string;
    let restored: DatabaseHandle | undefined;
    const admin = () => new pg.Client({ connectionString: PG_URL });

    beforeAll(async () => {
      server = await startTestServer({ backend: 'postgres', seed: seedStock });
      restoreDb = `shopfloor_restore_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    });
    afterAll(async () => {
      await restored?.close();
      await server?.close();
      const client = admin();
      await client.connect();
      await client.query(`drop database if exists ${restoreDb}`);
      await client.end();
    });

    it('backs up, changes data, restores into a fresh database and over the original, finding the data as it was', async () => {
      const db = server.database.db;
      await addItem(db, 'PG-OAK');
      await receive(server, [{ item: 'PG-OAK', qty: 75, lot: 'L-PG' }]);
      const before = await snapshot(db);

      const source = await backupSourceOf(db, PG_URL);
      expect(source).toMatchObject({ kind: 'postgres', schema: expect.stringMatching(/^t_/) });
      const file = join(folder('pg'), 'pg.backup');
      const taken = await takeBackup(db, source, { file, reason: 'manual', at: new Date() });
      expect(taken.manifest).toMatchObject({
        format: 'pg-dump-custom',
        database: 'postgres',
        schemaVersion: latestVersion,
      });

      await receive(server, [{ item: 'PG-OAK', qty: 5, lot: 'L-PG' }]);
      expect((await snapshot(db)).movements.length).toBe(before.movements.length + 1);

      const client = admin();
      await client.connect();
      await client.query(`create database ${restoreDb}`);
      await client.end();
      const url = new URL(PG_URL!);
      url.pathname = `/${restoreDb}`;
      await restoreBackup(file, { kind: 'postgres', url: url.toString() });
      restored = await openDatabase({
        url: url.toString(),
        schema: (source as { schema: string }).schema,
        poolSize: 2,
      });
      expect(await snapshot(restored.db)).toEqual(before);

      // Over the database it came from (the rollback in place): what was added since is gone.
      await restoreBackup(file, { kind: 'postgres', url: PG_URL! });
      expect(await snapshot(db)).toEqual(before);
    });

    it('lets one replica at a time take the daily backup (advisory lock), recorded once', async () => {
      const dir = folder('pg-daily');
      const replica = () =>
        createDailyBackupWorker({
          ...server.deps,
          config: { ...server.deps.config, databaseUrl: PG_URL, backupDir: dir, backupKeep: 2 },
        });
      const done = await Promise.all([replica().tick(), replica().tick(), replica().tick()]);
      expect(done.sort()).toEqual([0, 0, 1]);
      // The ones that lost the race find the new row later: not due.
      expect(await replica().tick()).toBe(0);
      const rows = await server.database.db.selectFrom('backups').select(['reason', 'file']).execute();
      expect(rows).toEqual([{ reason: 'daily', file: expect.stringContaining(dir) }]);
      expect(readdirSync(dir)).toEqual([basename(rows[0]!.file)]);
      const { manifest } = await readManifest(rows[0]!.file);
      expect(manifest).toMatchObject({
        database: 'postgres',
        reason: 'daily',
        pgSchema: expect.stringMatching(/^t_/),
      });
    });

    it('refuses a PGlite backup for a PostgreSQL database before running pg_restore', async () => {
      const pgliteServer = await startTestServer({ seed: seedStock });
      try {
        const file = join(folder('kind'), 'pglite.backup');
        await takeBackup(
          pgliteServer.database.db,
          await backupSourceOf(pgliteServer.database.db, undefined),
          {
            file,
            reason: 'manual',
            at: new Date(),
          },
        );
        await expect(restoreBackup(file, { kind: 'postgres', url: PG_URL! })).rejects.toThrow(
          /backup of the embedded database \(PGlite\)/,
        );
      } finally {
        await pgliteServer.close();
      }
    });
  });

describe('the PostgreSQL tools', () => {
  it('get the connection in their environment, the password never on the command line', () => {
    expect(libpqEnv('postgres://shop%40floor:p%40ss%3Aw0rd@db.factory.lan:6432/mes?sslmode=require')).toEqual(
      {
        PGHOST: 'db.factory.lan',
        PGPORT: '6432',
        PGUSER: 'shop@floor',
        PGPASSWORD: 'p@ss:w0rd',
        PGDATABASE: 'mes',
        PGSSLMODE: 'require',
      },
    );
  });

  it('name what to install when pg_dump is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = folder('no-tools');
    try {
      const failed = await pgDump(
        'postgres://postgres@127.0.0.1:5432/test',
        join(folder('x'), 'x.dump'),
      ).catch((err: Error) => err);
      expect(failed).toBeInstanceOf(PgToolError);
      expect((failed as Error).message).toMatch(
        /^pg_dump is not installed here: install the PostgreSQL client tools .*apt-get install postgresql-client/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('backup files', () => {
  it('name their time and reason so a folder sorts by time', () => {
    expect(backupFileName(new Date('2026-11-25T01:02:03.004Z'), 'daily')).toBe(
      'shopfloor-2026-11-25T01-02-03-004Z-daily.backup',
    );
  });
});
