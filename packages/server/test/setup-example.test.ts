import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { startTestServer, type TestServer } from './harness.js';
import { adminOf } from './setup-helpers.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** examples/setup-workbook runs as a developer runs it, against a server with an API token. */
describe('examples/setup-workbook', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedUsers });
  });
  afterAll(() => server?.close());

  it('checks a workbook with a mistake, imports the fixed one, finds nothing to change the second time', async () => {
    const { token } = await (await adminOf(server)).request<{ token: string }>({
      method: 'POST',
      path: '/auth/api-tokens',
      body: { userId: 'admin', name: 'example' },
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'examples/setup-workbook/index.ts'],
      {
        cwd: root,
        env: { ...process.env, SHOPFLOOR_URL: server.url, SHOPFLOOR_TOKEN: token },
        timeout: 120_000,
      },
    );
    expect(stdout).toContain('✗ locations row 3 warehouse: 仓库 EX-NOPE 不存在');
    expect(stdout).toMatch(/import of plant\.xlsx: applied\n {2}warehouses\s+created 2/);
    expect(stdout).toMatch(
      /the same file again: applied\n( {2}\S+\s+created 0, updated 0, unchanged \d+\n)+/,
    );
    expect(stdout).toContain('50 × EX-STOOL needs: EX-LEG 200, EX-SCREW 420, EX-SEAT 50');
  }, 180_000);
});
