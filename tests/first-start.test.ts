import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// What a new user meets right after the README's quick start (`pnpm install && pnpm start`).
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('pnpm start builds what the README uses', () => {
  it('plans the server, the shopfloor CLI, the H5 app and the console', () => {
    const run = spawnSync(process.execPath, ['scripts/start.mjs', '--plan'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SHOPFLOOR_APP_DIR: '', SHOPFLOOR_CONSOLE_DIR: '' },
    });
    expect(run.status, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as { wanted: string[]; stale: string[] };
    expect(plan.wanted).toEqual(
      expect.arrayContaining([
        '@shopfloor/server',
        '@shopfloor/cli',
        '@shopfloor/bom-io',
        '@shopfloor/bom-engine',
        '@shopfloor/sdk',
        '@shopfloor/miniapp',
        '@shopfloor/console',
      ]),
    );
  });

  describe('the CLI from the start build (JavaScript only, no .d.ts)', () => {
    // Beside the real package, so its dependencies resolve as they do for packages/cli/dist.
    const scratch = join(root, 'packages/cli', `.start-build-${process.pid}`);
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('builds without types and `shopfloor --help` runs from it', () => {
      const deps = ['bom-engine', 'bom-io'].map((p) => join(root, 'packages', p, 'dist/index.js'));
      const missing = deps.filter((path) => !existsSync(path));
      if (missing.length > 0) {
        throw new Error(`missing build output ${missing.join(', ')}: run 'pnpm build' first`);
      }
      const build = spawnSync(join(root, 'node_modules/.bin/tsup'), ['--out-dir', join(scratch, 'dist')], {
        cwd: join(root, 'packages/cli'),
        encoding: 'utf8',
        env: { ...process.env, SHOPFLOOR_BUILD_JS_ONLY: '1' },
      });
      expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
      expect(existsSync(join(scratch, 'dist/index.js'))).toBe(true);
      expect(existsSync(join(scratch, 'dist/index.d.ts'))).toBe(false);

      mkdirSync(join(scratch, 'bin'), { recursive: true });
      cpSync(join(root, 'packages/cli/bin/shopfloor.js'), join(scratch, 'bin/shopfloor.js'));
      const help = spawnSync(process.execPath, [join(scratch, 'bin/shopfloor.js'), '--help'], {
        encoding: 'utf8',
      });
      expect(help.stderr).toBe('');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/^Usage: shopfloor /);
    }, 60_000);
  });
});

describe('examples/sdk-quickstart without a server', () => {
  it('fails with one line naming SHOPFLOOR_URL and how to start a server', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = spawnSync(tsx, ['examples/sdk-quickstart/index.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SHOPFLOOR_URL: url },
      timeout: 60_000,
    });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(1);
    // The local half still runs: the explosion needs no server.
    expect(run.stdout).toContain('10 × TABLE 餐桌 needs:');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(url);
    expect(lines[0]).toContain('SHOPFLOOR_URL');
    expect(lines[0]).toContain('pnpm start');
  }, 60_000);

  it('is documented: SHOPFLOOR_URL in the README and in the example', () => {
    for (const file of ['README.md', 'examples/sdk-quickstart/README.md']) {
      expect(readFileSync(join(root, file), 'utf8'), file).toContain('SHOPFLOOR_URL');
    }
  });
});
