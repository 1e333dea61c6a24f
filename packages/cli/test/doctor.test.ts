import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@shopfloor/sdk';
import { CheckupCheck, CheckupStatus } from '@shopfloor/sdk/admin';
import { latestVersion, loadConfig, openDatabase, prepareDatabase, startServer } from '@shopfloor/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempFolder } from './helpers.js';

/**
 * `shopfloor doctor`: the check-up from the command line, straight against the embedded database
 * (or PostgreSQL), or through a running server. Chinese by default, English on request; exits
 * 0 / 1 / 2 for ok / warn / fail; never opens a folder a running server holds.
 */

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

// Kept for a whole describe block (tempFolder() empties itself after each test).
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});
async function lastingFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'shopfloor-doctor-'));
  folders.push(folder);
  return folder;
}

/** A prepared embedded database with two administrators, closed again (as after a server stop). */
async function preparedFolder(): Promise<string> {
  const dataDir = join(await lastingFolder(), 'data');
  const config = loadConfig({ SHOPFLOOR_DATA_DIR: dataDir, SHOPFLOOR_DEMO: 'on' });
  const handle = await openDatabase({ dataDir });
  try {
    await prepareDatabase(handle.db, config);
    await handle.db
      .insertInto('users')
      .values([
        { org_id: config.orgId, id: 'boss', name: '王厂长', roles: ['admin'] },
        { org_id: config.orgId, id: 'it', name: '信息部', roles: ['admin'] },
      ])
      .execute();
  } finally {
    await handle.close();
  }
  return dataDir;
}

describe('shopfloor doctor on the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await preparedFolder();
  }, 60_000);
  const env = () => {
    process.env.SHOPFLOOR_DATA_DIR = dataDir;
    process.env.SHOPFLOOR_DEMO = 'on';
    delete process.env.DATABASE_URL;
    delete process.env.LANG;
  };

  it('prints every check in Chinese with the fix of each warning, and exits 1 for a warning', async () => {
    env();
    const run = await runCli('doctor');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Shopfloor 体检 · PGlite ${dataDir}`);
    expect(run.stdout).toMatch(/✔ 正常\s+database\s+PGlite 可连接/);
    expect(run.stdout).toMatch(/✔ 正常\s+privileges\s+数据库账号 postgres 拥有所需的全部表权限/);
    // No backup yet: a warning in demo mode, with its fix on the next line.
    expect(run.stdout).toMatch(/! 警告\s+backup\s+没有任何备份记录\n\s+修复：运行 shopfloor backup/);
    expect(run.stdout).toMatch(/结果：警告（0 项失败，\d+ 项警告/);
    expect(run.code).toBe(1);
  }, 60_000);

  it('speaks English with --lang en or LANG=en_US, and answers JSON with --json', async () => {
    env();
    const en = await runCli('doctor', '--lang', 'en');
    expect(en.stdout).toMatch(/! warn\s+backup\s+no backup recorded\n\s+fix: Run shopfloor backup/);
    process.env.LANG = 'en_US.UTF-8';
    expect((await runCli('doctor')).stdout).toContain('Shopfloor check-up · PGlite');
    const json = await runCli('doctor', '--json');
    const parsed = JSON.parse(json.stdout) as { status: string; checks: unknown[] };
    expect(CheckupStatus.parse(parsed.status)).toBe('warn');
    const checks = parsed.checks.map((c) => CheckupCheck.parse(c));
    expect(checks.find((c) => c.id === 'migrations')?.status).toBe('ok');
    expect(checks).toHaveLength(15);
    expect(json.code).toBe(1);
  }, 60_000);

  it('fails with exit 2 when the schema is behind the code, and names the fix', async () => {
    env();
    const handle = await openDatabase({ dataDir });
    // schema_migrations is not in the typed schema: the migrator keeps it.
    const migrations = handle.db as unknown as import('@shopfloor/server').DatabaseHandle['db'] & {
      deleteFrom(t: string): { where(c: string, op: string, v: number): { execute(): Promise<unknown> } };
      insertInto(t: string): { values(v: object): { execute(): Promise<unknown> } };
    };
    await migrations.deleteFrom('schema_migrations').where('version', '=', latestVersion).execute();
    await handle.close();
    try {
      const run = await runCli('doctor', '--lang', 'en');
      expect(run.stdout).toMatch(
        new RegExp(
          `✖ fail\\s+migrations\\s+schema at version ${latestVersion - 1}, the code expects ${latestVersion}\\n\\s+fix: Take a backup \\(shopfloor backup\\)`,
        ),
      );
      expect(run.stdout).toMatch(/result: fail \(1 failed/);
      expect(run.code).toBe(2);
    } finally {
      const again = await openDatabase({ dataDir });
      await (again.db as unknown as typeof migrations)
        .insertInto('schema_migrations')
        .values({ version: latestVersion, name: 'back' })
        .execute();
      await again.close();
    }
  }, 60_000);

  it('will not open a folder a running server holds: it says so and points to --server', async () => {
    env();
    const held = await openDatabase({ dataDir });
    try {
      const run = await runCli('doctor');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('is in use by a running server');
      expect(run.stderr).toContain('--server URL --token TOKEN');
    } finally {
      await held.close();
    }
  }, 60_000);

  it('refuses an unknown --lang and --server without a token', async () => {
    env();
    expect((await runCli('doctor', '--lang', 'fr')).stderr).toContain("--lang is zh-CN or en, not 'fr'");
    const noToken = await runCli('doctor', '--server', 'http://127.0.0.1:1');
    expect(noToken).toMatchObject({ code: 2 });
    expect(noToken.stderr).toContain('--server needs --token');
  });
});

describe('shopfloor doctor --server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let token: string;
  beforeAll(async () => {
    const dataDir = join(await lastingFolder(), 'data');
    const config = loadConfig({
      PORT: '0',
      SHOPFLOOR_DATA_DIR: dataDir,
      SHOPFLOOR_DEMO: 'on',
      SHOPFLOOR_LOG_LEVEL: 'silent',
    });
    server = await startServer(config, {
      workers: false,
      beforeServe: async (deps) => {
        await deps.db
          .insertInto('users')
          .values({ org_id: config.orgId, id: 'demo-admin', name: '系统管理员', roles: ['admin'] })
          .onConflict((oc) => oc.doNothing())
          .execute();
      },
    });
    token = (await createClient({ baseUrl: server.url }).auth.devLogin({ userId: 'demo-admin' })).token;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('runs the check-up on the server (kept in its history) and exits by its status', async () => {
    process.env.SHOPFLOOR_DATA_DIR = join(await tempFolder(), 'not-used');
    const run = await runCli('doctor', '--server', server.url, '--token', token, '--lang', 'en');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Shopfloor check-up · ${server.url}`);
    // One administrator: a warning that names the fix.
    expect(run.stdout).toMatch(
      /! warn\s+security\.admins\s+1 active administrator\(s\)\n\s+fix: Name a second administrator/,
    );
    expect(run.code).toBe(1);
    const history = await fetch(`${server.url}/api/v1/health/checkup/history`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect((await history.json()).items).toHaveLength(1);
  }, 60_000);

  it('says the token was refused when it is not an administrator’s', async () => {
    const run = await runCli('doctor', '--server', server.url, '--token', `not-a-token-${randomUUID()}`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('refused the token (401)');
  }, 30_000);
});

const PG_URL = process.env.SHOPFLOOR_TEST_PG_URL;

describe.skipIf(!PG_URL)('shopfloor doctor on PostgreSQL, as a role that lost INSERT', () => {
  const role = `doc_${randomUUID().slice(0, 8)}`;
  let admin: Awaited<ReturnType<typeof openDatabase>>;
  // Kysely's raw SQL without importing kysely here: the handle runs the statement as is.
  const run = (statement: string) =>
    admin.db.executeQuery({
      sql: statement,
      parameters: [],
      query: { kind: 'RawNode' } as never,
      queryId: { queryId: statement },
    });

  beforeAll(async () => {
    // The schema is named after the role: PostgreSQL's default search_path ("$user", public) finds it.
    admin = await openDatabase({ url: PG_URL!, schema: role, poolSize: 2 });
    await prepareDatabase(admin.db, loadConfig({ DATABASE_URL: PG_URL!, SHOPFLOOR_DEMO: 'on' }));
    await run(`create role ${role} login nosuperuser`);
    await run(`grant usage on schema "${role}" to ${role}`);
    await run(`grant select, insert, update, delete on all tables in schema "${role}" to ${role}`);
    await run(`grant usage on all sequences in schema "${role}" to ${role}`);
    await run(`revoke insert on operation_reports from ${role}`);
  }, 60_000);
  afterAll(async () => {
    await run(`drop schema "${role}" cascade`);
    await run(`drop owned by ${role}`);
    await run(`drop role ${role}`);
    await admin.close();
  });

  it('fails with exit 2 and prints the GRANT that fixes it', async () => {
    const url = new URL(PG_URL!);
    url.username = role;
    process.env.DATABASE_URL = url.toString();
    const result = await runCli('doctor', '--lang', 'en');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      new RegExp(
        `✖ fail\\s+privileges\\s+database role ${role} lacks INSERT operation_reports\\n\\s+fix: As the database administrator, run: GRANT INSERT ON operation_reports TO ${role};`,
      ),
    );
    expect(result.stdout).toMatch(/✔ ok\s+database\s+PostgreSQL reachable/);
    expect(result.code).toBe(2);
    const zh = await runCli('doctor');
    expect(zh.stdout).toContain(
      `修复：以数据库管理员身份执行：GRANT INSERT ON operation_reports TO ${role};`,
    );
  }, 60_000);
});
