// Runs the BUILT server (packages/server/dist/main.js), as `pnpm start` does: run `pnpm build` first.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../src/demo/index.js';

const MAIN = resolve(fileURLToPath(new URL('.', import.meta.url)), '../dist/main.js');

function requireBuild(): void {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: this test runs the built server, run \`pnpm build\` first`);
  }
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', SHOPFLOOR_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor(
  text: () => string,
  pattern: RegExp,
  exited: Promise<unknown>,
): Promise<RegExpMatchArray> {
  let stopped = false;
  void exited.then(() => {
    stopped = true;
  });
  for (;;) {
    const found = text().match(pattern);
    if (found) return found;
    if (stopped) throw new Error(`the server exited before printing ${pattern}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the built server process (needs `pnpm build`)', () => {
  let dataDir: string;
  let server: Run;
  let baseUrl: string;

  beforeAll(async () => {
    requireBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'shopfloor-main-'));
    server = run({ PORT: '0', SHOPFLOOR_DATA_DIR: join(dataDir, 'data') });
    const [, url] = await waitFor(server.stdout, /API\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/, server.exited);
    baseUrl = url!;
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the real port when asked for any free one, and answers health ok there', async () => {
    expect(baseUrl).not.toMatch(/:0$/);
    const res = await fetch(`${baseUrl}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('lists the demo users with their roles in the banner', () => {
    const banner = server.stdout();
    for (const user of DEMO_USERS) {
      expect(banner).toMatch(new RegExp(`${user.id}\\s+${user.name}\\s+${user.roles.join(', ')}`));
    }
    expect(banner).toContain('/docs');
    expect(banner).toContain('Ctrl+C');
  });

  it('signs in a demo user through dev-login', async () => {
    const res = await fetch(`${baseUrl}/api/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'demo-operator' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({ id: 'demo-operator', name: '李师傅' });
  });

  it('stops cleanly on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

describe('a bad configuration (needs `pnpm build`)', () => {
  it('exits 2 naming each bad value, without a stack trace', async () => {
    requireBuild();
    const bad = run({ PORT: 'eighty', SHOPFLOOR_SESSION_SECRET: 'short' });
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('PORT');
    expect(bad.stderr()).toContain('SHOPFLOOR_SESSION_SECRET');
    expect(bad.stderr()).not.toMatch(/\n\s+at /);
  });
});
