import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion } from '../src/db/migrations/index.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

interface Line {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const INFO = 30;

/**
 * The server logs through pino: start-up lines (port, database, demo mode, migrations applied) and
 * one info line per request (method, path, status, ms, user id when signed in), never a token, a
 * header, a query string or a body.
 */
describe.each(backends())('logs on %s', (backend) => {
  let server: TestServer;
  const lines: Line[] = [];
  const requestLines = () => lines.filter((l) => l.msg === 'request');

  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (text: string) => lines.push(JSON.parse(text)) });
    server = await startTestServer({ backend, seed: seedUsers, logger });
  });
  afterAll(() => server?.close());

  it('says at start where it listens, on which database, in which mode, after which migrations', () => {
    const started = lines.find((l) => l.msg === 'shopfloor started');
    expect(started).toMatchObject({
      level: INFO,
      port: server.port,
      url: server.url,
      database: backend,
      demo: true,
      readOnly: false,
      schemaVersion: latestVersion,
      platforms: [],
    });
    // A fresh database: every migration ran at this start, and a line says which.
    const all = Array.from({ length: latestVersion }, (_, i) => i + 1);
    expect(started!.migrationsApplied).toEqual(all);
    expect(lines.find((l) => l.msg === 'migrations applied')).toMatchObject({ applied: all });
    expect(JSON.stringify(started)).not.toMatch(/secret|password/i);
  });

  it('writes one line per request: method, path, status, ms and the user once signed in', async () => {
    const before = requestLines().length;
    const token = await server.token('pl-zhou');
    const auth = { Authorization: `Bearer ${token}` };
    await fetch(`${server.url}/api/v1/health`);
    await fetch(`${server.url}/api/v1/items?q=QUERY-SECRET`, { headers: auth });
    await fetch(`${server.url}/api/v1/items`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: 'LOG-1', name: 'BODY-SECRET 日志', uom: 'pcs', type: 'buy' }),
    });
    await fetch(`${server.url}/api/v1/auth/me`, { headers: { Authorization: 'Bearer forged.token.value' } });
    await fetch(`${server.url}/api/v1/nowhere`);

    const logged = requestLines().slice(before);
    // server.token() signed in once through dev-login before the five requests above.
    expect(logged.map((l) => [l.method, l.path, l.status, l.userId])).toEqual([
      ['POST', '/api/v1/auth/dev-login', 200, undefined],
      ['GET', '/api/v1/health', 200, undefined],
      ['GET', '/api/v1/items', 200, 'pl-zhou'],
      ['POST', '/api/v1/items', 201, 'pl-zhou'],
      ['GET', '/api/v1/auth/me', 401, undefined],
      ['GET', '/api/v1/nowhere', 404, undefined],
    ]);
    for (const line of logged) {
      expect(line.level).toBe(INFO);
      expect(line.ms).toEqual(expect.any(Number));
      expect(line.ms as number).toBeGreaterThanOrEqual(0);
    }
    const text = JSON.stringify(logged);
    for (const secret of [token, 'forged.token.value', 'Bearer', 'QUERY-SECRET', 'BODY-SECRET']) {
      expect(text).not.toContain(secret);
    }
  });
});
