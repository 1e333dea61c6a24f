import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { runCli, TABLE_BOM, tempFolder, writeJson } from './helpers.js';

// These tests run the built `shopfloor` binary as a user would; root `pnpm test` builds first.
const bin = fileURLToPath(new URL('../bin/shopfloor.js', import.meta.url));
const builds = ['../dist/index.js', '../../bom-engine/dist/index.js', '../../bom-io/dist/index.js'].map(
  (path) => fileURLToPath(new URL(path, import.meta.url)),
);

function shopfloor(...argv: string[]) {
  const result = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built shopfloor binary', () => {
  beforeAll(() => {
    const missing = builds.filter((path) => !existsSync(path));
    if (missing.length > 0) {
      throw new Error(
        `missing build output ${missing.join(', ')}: run 'pnpm --filter @shopfloor/cli... build' first`,
      );
    }
  });

  it('prints the same explosion as the in-process command', async () => {
    const path = await writeJson(await tempFolder(), 'bom.json', TABLE_BOM);
    const argv = ['bom', 'explode', path, '--item', 'TABLE', '--qty', '5', '--date', '2026-07-01'];
    const inProcess = await runCli(...argv);
    expect(shopfloor(...argv)).toEqual({ code: EXIT.ok, stdout: inProcess.stdout, stderr: '' });
  });

  it.each([
    ['a bad quantity', ['bom', 'explode', 'bom.json', '--item', 'TABLE', '--qty', 'abc']],
    ['a missing file', ['bom', 'check', 'no-such-bom.xlsx']],
    ['an unknown command', ['bom', 'implode']],
    ['an unknown option', ['--frobnicate']],
  ])('exits 2 with exactly one error line for %s', (_, argv) => {
    const run = shopfloor(...argv);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: [^\n]+\n$/);
  });

  it('exits 1 when check finds errors', async () => {
    const broken = {
      ...TABLE_BOM,
      bomLines: [...TABLE_BOM.bomLines, { parent: 'TABLE', child: 'GHOST', qty: 1 }],
    };
    const path = await writeJson(await tempFolder(), 'broken.json', broken);
    const run = shopfloor('bom', 'check', path);
    expect(run.code).toBe(EXIT.checkFailed);
    expect(run.stdout).toMatch(/GHOST/);
  });

  it('ends quietly with exit 0 when its reader closes the pipe early, as head does', async () => {
    const levels = 18;
    const deep = {
      items: Array.from({ length: levels + 1 }, (_, level) => ({
        code: `L${level}`,
        uom: 'pcs',
        type: 'make',
      })),
      bomLines: Array.from({ length: levels }, (_, level) => [
        { parent: `L${level}`, child: `L${level + 1}`, qty: 1 },
        { parent: `L${level}`, child: `L${level + 1}`, qty: 2, effectiveFrom: '2000-01-01' },
      ]).flat(),
    };
    const path = await writeJson(await tempFolder(), 'deep.json', deep);
    const child = spawn(process.execPath, [
      bin,
      'bom',
      'explode',
      path,
      '--item',
      'L0',
      '--qty',
      '1',
      '--tree',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: EXIT.ok, stderr: '' });
  });
});
