import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openDatabase, prepareDatabase } from '@shopfloor/server';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addItem, receive, seedStock } from '../../server/test/fixtures-stock.js';
import { startTestServer, type TestServer } from '../../server/test/harness.js';
import { EXIT } from '../src/errors.js';
import { runCli } from './helpers.js';

const folder = (name: string) => mkdtempSync(join(tmpdir(), `shopfloor-cli-${name}-`));
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

/** The stock ledger of an item in a data folder, opened the way the server opens it. */
async function movementsIn(dataDir: string, item: string): Promise<number[]> {
  const handle = await openDatabase({ dataDir });
  try {
    const rows = await handle.db
      .selectFrom('stock_movements')
      .select('qty')
      .where('item', '=', item)
      .orderBy('id')
      .execute();
    return rows.map((r) => Number(r.qty));
  } finally {
    await handle.close();
  }
}

describe('shopfloor backup and shopfloor restore', () => {
  let server: TestServer;
  const serverDir = folder('server-backups');
  const work = folder('work');
  const dataDir = join(work, 'data');
  const fromServer = join(work, 'from-server.backup');

  beforeAll(async () => {
    server = await startTestServer({ seed: seedStock, env: { SHOPFLOOR_BACKUP_DIR: serverDir } });
    await addItem(server.database.db, 'CLI-OAK');
    await receive(server, [{ item: 'CLI-OAK', qty: 40 }]);
  });
  afterAll(() => server?.close());

  it('takes a backup through the running server and downloads it (--server, --token)', async () => {
    const run = await runCli(
      'backup',
      '--server',
      server.url,
      '--token',
      await server.token('admin'),
      '--out',
      fromServer,
    );
    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(run.stdout).toMatch(
      /^backup \d+ taken by the server \(.+-manual\.backup, \d+ bytes, schema version \d+\)\n/,
    );
    expect(run.stdout).toContain(`downloaded to ${fromServer}\n`);
    expect(readFileSync(fromServer).subarray(0, 19).toString()).toBe('shopfloor-backup/1\n');
  }, 60_000);

  it('restores that file into the data folder SHOPFLOOR_DATA_DIR names', async () => {
    await receive(server, [{ item: 'CLI-OAK', qty: 2 }]);
    process.env.SHOPFLOOR_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const run = await runCli('restore', fromServer);
    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(run.stdout).toContain(`restored ${fromServer} into ${dataDir}: a manual backup of `);
    // The 2 received after the backup are not in it.
    expect(await movementsIn(dataDir, 'CLI-OAK')).toEqual([40]);
  }, 60_000);

  it('backs up a stopped data folder directly and restores it elsewhere, recording the backup', async () => {
    process.env.SHOPFLOOR_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const file = join(work, 'direct.backup');
    const run = await runCli('backup', '--out', file);
    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(run.stdout).toMatch(
      new RegExp(`^backup of ${dataDir} \\(schema version \\d+\\) written to ${file}, \\d+ bytes\\n$`),
    );

    const handle = await openDatabase({ dataDir });
    try {
      const rows = await handle.db.selectFrom('backups').select(['file', 'reason', 'taken_by']).execute();
      expect(rows).toContainEqual({ file, reason: 'manual', taken_by: expect.stringMatching(/^cli:/) });
    } finally {
      await handle.close();
    }

    const elsewhere = join(folder('elsewhere'), 'data');
    process.env.SHOPFLOOR_DATA_DIR = elsewhere;
    expect((await runCli('restore', file)).code).toBe(EXIT.ok);
    expect(await movementsIn(elsewhere, 'CLI-OAK')).toEqual([40]);
  }, 90_000);

  it('refuses a data folder a server has open, and a file that is not a backup, with exit code 2', async () => {
    const open = folder('open');
    writeFileSync(join(open, 'postmaster.pid'), '-42\n');
    process.env.SHOPFLOOR_DATA_DIR = open;
    delete process.env.DATABASE_URL;
    const busy = await runCli('backup');
    expect(busy.code).toBe(EXIT.badInput);
    expect(busy.stderr).toContain(`error: the data folder ${open} is in use by a running server`);
    expect(busy.stderr).toContain('use --server and --token');

    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'not a backup');
    process.env.SHOPFLOOR_DATA_DIR = join(work, 'never');
    const refused = await runCli('restore', notes);
    expect(refused.code).toBe(EXIT.badInput);
    expect(refused.stderr).toBe(
      `error: ${notes} is not a Shopfloor backup (it does not start with the backup manifest)\n`,
    );
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('names a refused token and a missing one', async () => {
    const wrong = await runCli(
      'backup',
      '--server',
      server.url,
      '--token',
      'nope',
      '--out',
      join(work, 'x.backup'),
    );
    expect(wrong.code).toBe(EXIT.badInput);
    expect(wrong.stderr).toMatch(/^error: POST .+\/api\/v1\/backups answered 401: /);
    const missing = await runCli('backup', '--server', server.url);
    expect(missing.code).toBe(EXIT.badInput);
    expect(missing.stderr).toContain('--server needs --token (or SHOPFLOOR_TOKEN)');
  });
});

const PG_URL = process.env.SHOPFLOOR_TEST_PG_URL;

// The PostgreSQL pass runs where SHOPFLOOR_TEST_PG_URL names a server (the harness notes its absence).
if (PG_URL) {
  describe('shopfloor backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
    const suffix = randomUUID().replaceAll('-', '').slice(0, 10);
    const names = { from: `shopfloor_cli_from_${suffix}`, to: `shopfloor_cli_to_${suffix}` };
    const urlOf = (database: string) => {
      const url = new URL(PG_URL);
      url.pathname = `/${database}`;
      return url.toString();
    };
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    beforeAll(async () => {
      await admin(`create database ${names.from}`);
      await admin(`create database ${names.to}`);
    });
    afterAll(async () => {
      await admin(`drop database if exists ${names.from} with (force)`);
      await admin(`drop database if exists ${names.to} with (force)`);
    });

    it('backs up DATABASE_URL with pg_dump and restores it into another database', async () => {
      const config = loadConfig({ DATABASE_URL: urlOf(names.from), SHOPFLOOR_DEMO: 'on' });
      const source = await openDatabase({ url: urlOf(names.from), poolSize: 2 });
      try {
        await prepareDatabase(source.db, config);
        await source.db
          .insertInto('items')
          .values({ org_id: 'demo', code: 'PG-CLI', name: '橡木板', uom: 'm2', type: 'buy' })
          .execute();
      } finally {
        await source.close();
      }
      const file = join(folder('pg'), 'pg.backup');
      process.env.DATABASE_URL = urlOf(names.from);
      const backup = await runCli('backup', '--out', file);
      expect(backup).toMatchObject({ code: EXIT.ok, stderr: '' });
      expect(backup.stdout).toContain(`written to ${file}`);

      process.env.DATABASE_URL = urlOf(names.to);
      const restore = await runCli('restore', file);
      expect(restore).toMatchObject({ code: EXIT.ok, stderr: '' });
      expect(restore.stdout).toContain('into the database of DATABASE_URL');
      const target = await openDatabase({ url: urlOf(names.to), poolSize: 2 });
      try {
        const items = await target.db.selectFrom('items').select(['code', 'name']).execute();
        expect(items).toEqual([{ code: 'PG-CLI', name: '橡木板' }]);
        // The backup is recorded after pg_dump's snapshot: the copy does not list itself.
        expect(await target.db.selectFrom('backups').selectAll().execute()).toEqual([]);
      } finally {
        await target.close();
      }
    }, 90_000);
  });
}
