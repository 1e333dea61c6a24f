import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openDatabase, prepareDatabase, seedDemoFactory } from '@shopfloor/server';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { runCli } from './helpers.js';

const PG_URL = process.env.SHOPFLOOR_TEST_PG_URL;
const folder = (name: string) => mkdtempSync(join(tmpdir(), `shopfloor-cli-${name}-`));
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('shopfloor move-to-postgres: what it refuses before it starts', () => {
  it('needs a target, a postgres URL, a sane batch, and a folder no server has open (exit code 2)', async () => {
    delete process.env.DATABASE_URL;
    const none = await runCli('move-to-postgres');
    expect(none.code).toBe(EXIT.badInput);
    expect(none.stderr).toBe(
      "error: where to? pass --to postgres://… or set DATABASE_URL (see 'shopfloor move-to-postgres --help')\n",
    );
    expect((await runCli('move-to-postgres', '--to', 'mysql://x@h/db')).stderr).toContain(
      'error: --to: a postgres:// URL is needed, not mysql:…',
    );
    expect((await runCli('move-to-postgres', '--to', 'postgres://x@h/db', '--batch', '0')).stderr).toContain(
      'error: --batch: a whole number of rows from 1 to 100000',
    );

    const open = folder('move-open');
    writeFileSync(join(open, 'postmaster.pid'), '-42\n');
    const busy = await runCli('move-to-postgres', '--from', open, '--to', 'postgres://x@127.0.0.1:1/x');
    expect(busy.code).toBe(EXIT.badInput);
    expect(busy.stderr).toContain(`error: the data folder ${open} is in use by a running server`);
  });

  it('says it cannot reach the target before it opens the folder (exit code 2)', async () => {
    const dir = folder('move-unreachable');
    writeFileSync(join(dir, 'PG_VERSION'), '18\n');
    const run = await runCli(
      'move-to-postgres',
      '--from',
      dir,
      '--to',
      'postgres://shop:secret@127.0.0.1:1/x',
    );
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(
      /^error: cannot connect to postgres:\/\/shop:\*\*\*@127\.0\.0\.1:1\/x: .*ECONNREFUSED/,
    );
    expect(run.stderr).not.toContain('secret');
  });

  it('prints its help', async () => {
    const help = await runCli('move-to-postgres', '--help');
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/^Usage: shopfloor move-to-postgres \[--from DIR\] \[--to URL\]/);
  });
});

describe.skipIf(!PG_URL)('shopfloor move-to-postgres into PostgreSQL', () => {
  const dataDir = join(folder('move'), 'data');
  const schema = `cli_move_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });

  beforeAll(async () => {
    await admin.connect();
    const config = loadConfig({ SHOPFLOOR_DEMO: 'on' });
    const handle = await openDatabase({ dataDir });
    try {
      await prepareDatabase(handle.db, config);
      await seedDemoFactory(handle.db, config, { now: () => new Date('2026-11-25T09:00:00+08:00') });
    } finally {
      await handle.close();
    }
  }, 120_000);
  afterAll(async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('moves SHOPFLOOR_DATA_DIR into DATABASE_URL, says what it checked, and refuses a second move', async () => {
    process.env.SHOPFLOOR_DATA_DIR = dataDir;
    process.env.DATABASE_URL = PG_URL!;
    const run = await runCli('move-to-postgres', '--schema', schema);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toMatch(
      new RegExp(`^moved ${dataDir} \\(schema version \\d+\\) into schema "${schema}" of .+ in [\\d.]+ s\\n`),
    );
    expect(run.stdout).toMatch(/ {2}\d+ tables, \d+ rows \(.+\), \d+ sequences\n/);
    expect(run.stdout).toMatch(
      / {2}checked: row counts equal in every table; stock ledger = balances on \d+ item/,
    );
    expect(run.stderr).toContain('move-to-postgres: stock_movements: ');
    const items = await admin.query<{ n: string }>(`select count(*)::text as n from "${schema}".items`);
    expect(Number(items.rows[0]!.n)).toBeGreaterThan(0);

    const again = await runCli('move-to-postgres', '--schema', schema, '--json');
    expect(again.code).toBe(EXIT.badInput);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      new RegExp(
        `^error: the target is not empty: schema "${schema}" of .+ already holds \\d+ tables or sequences`,
      ),
    );
  }, 120_000);
});
