import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSetupWorkbook, SETUP_SHEET_NAMES } from '@shopfloor/bom-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from '../../server/test/fixtures.js';
import { startTestServer, type TestServer } from '../../server/test/harness.js';
import { adminOf, editWorkbook, sheet } from '../../server/test/setup-helpers.js';
import { runCli, tempFolder } from './helpers.js';

/** `shopfloor setup …` against a real server (PGlite), through the SDK, with an API token. */
describe('shopfloor setup', () => {
  let server: TestServer;
  let token: string;
  let connection: string[];

  beforeAll(async () => {
    server = await startTestServer({ seed: seedUsers });
    const admin = await adminOf(server);
    const minted = await admin.request<{ token: string }>({
      method: 'POST',
      path: '/auth/api-tokens',
      body: { userId: 'admin', name: 'shopfloor setup (CLI test)' },
    });
    token = minted.token;
    expect(token).toMatch(/^sft_/);
    connection = ['--server', server.url, '--token', token];
  });
  afterAll(() => server?.close());

  it('writes the template offline, with the same sheets the server has', async () => {
    const out = join(await tempFolder(), 'template.xlsx');
    const run = await runCli('setup', 'template', out);
    expect(run).toMatchObject({ code: 0, stderr: 'writing the template…\n' });
    expect(run.stdout).toContain('template.xlsx: setup workbook template');
    const read = await readSetupWorkbook(await readFile(out));
    expect(Object.keys(read.sheets)).toEqual([...SETUP_SHEET_NAMES]);
    expect(read.problems).toEqual([]);
  });

  it('downloads the template from --server', async () => {
    const out = join(await tempFolder(), 'server.xlsx');
    const run = await runCli('setup', 'template', out, ...connection);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('downloading the template…\n');
    expect(Object.keys((await readSetupWorkbook(await readFile(out))).sheets)).toHaveLength(10);
  });

  it('checks a workbook with --dry-run: the problems as a table, exit 1, nothing written', async () => {
    const folder = await tempFolder();
    const file = join(folder, 'plant.xlsx');
    const template = await (await adminOf(server)).setup.template();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      file,
      await editWorkbook(template, (wb) => {
        sheet(wb, 'locations').addRow(['WH-NOPE', 'X-01', null, '原材料']);
      }),
    );
    const run = await runCli('setup', 'import', file, ...connection, '--dry-run');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^reading .*plant\.xlsx…\nchecking \d+ KB on http:\/\/127\.0\.0\.1:\d+…\nchecked \(\d+\.\d s\)\n$/,
    );
    expect(run.stdout).toContain('locations 库位');
    expect(run.stdout).toMatch(/locations 库位\s+3\s+warehouse\s+仓库 WH-NOPE 不存在/);
    expect(run.stdout).toContain('Check found 1 problem:');
    const english = await runCli('setup', 'import', file, ...connection, '--dry-run', '--lang', 'en');
    expect(english.stdout).toContain('no warehouse WH-NOPE');
    expect((await server.database.db.selectFrom('locations').select('code').execute()).length).toBe(0);
  });

  it('imports a clean workbook and prints the counts; the same file again is unchanged', async () => {
    const file = join(await tempFolder(), 'template.xlsx');
    expect((await runCli('setup', 'template', file)).code).toBe(0);
    const run = await runCli('setup', 'import', file, ...connection);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/items 物料\s+2\s+0\s+0/);
    expect(run.stdout).toContain('Imported 导入完成');
    const again = await runCli('setup', 'import', file, ...connection, '--json');
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report).toMatchObject({ dryRun: false, applied: true, problems: [] });
    for (const s of report.sheets) expect([s.created, s.updated]).toEqual([0, 0]);
  });

  it('exports the plant data to a workbook that imports back unchanged', async () => {
    const out = join(await tempFolder(), 'plant.xlsx');
    const run = await runCli('setup', 'export', out, ...connection);
    expect(run.code).toBe(0);
    const check = await runCli('setup', 'import', out, ...connection, '--dry-run', '--json');
    expect(check.code).toBe(0);
    expect(
      JSON.parse(check.stdout).sheets.every(
        (s: { created: number; updated: number }) => s.created + s.updated === 0,
      ),
    ).toBe(true);
  });

  it('says what is wrong with the command line, the file and the server, in one line (exit 2)', async () => {
    const missing = await runCli('setup', 'import', 'plant.xlsx');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: --server is required (or set SHOPFLOOR_SERVER) (see 'shopfloor setup import --help')\n",
    );
    const noFile = await runCli('setup', 'import', '/no/such/plant.xlsx', ...connection);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('error: cannot read /no/such/plant.xlsx: ENOENT');
    const file = join(await tempFolder(), 't.xlsx');
    await runCli('setup', 'template', file);
    const badToken = await runCli('setup', 'import', file, '--server', server.url, '--token', 'sft_nope');
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/error: .*HTTP 401: .*token/);
    const notAdmin = await runCli(
      'setup',
      'export',
      file,
      '--server',
      server.url,
      '--token',
      await server.token('op-li'),
    );
    expect(notAdmin.stderr).toMatch(/HTTP 403: .*administrator/);
  });
});
