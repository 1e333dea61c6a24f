import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const LIMIT = 1_000_000;

/** A body in 64 KiB chunks without a Content-Length: fetch sends it with Transfer-Encoding: chunked. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 65_536));
      at += 65_536;
    },
  });
}

const jsonOf = (bytes: number) => JSON.stringify({ code: 'x'.repeat(bytes) });

describe.each(backends())('the 1 MB body limit on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
  });
  afterAll(() => server?.close());

  const send = async (
    path: string,
    body: string,
    headers: Record<string, string> = { 'Content-Type': 'application/json' },
  ) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers,
      body: chunked(body),
      duplex: 'half',
    } as RequestInit);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };

  it('refuses a chunked body past the limit with 413 problem+json, on public routes too', async () => {
    for (const path of ['/auth/dingtalk', '/auth/dev-login']) {
      const res = await send(path, jsonOf(LIMIT + 10));
      expect(res.status, path).toBe(413);
      expect(res.type).toContain('application/problem+json');
      expect(res.body).toEqual({
        type: '/problems/too-large',
        title: 'Body too large',
        status: 413,
        detail: 'bodies are limited to 1000000 bytes',
      });
    }
  });

  it('refuses a chunked body past the limit on signed-in routes and writes nothing', async () => {
    const token = await server.token('admin');
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const items = () => server.database.db.selectFrom('items').select('code').execute();
    const before = (await items()).length;
    const body = JSON.stringify({ code: 'HUGE', name: 'x'.repeat(LIMIT), uom: 'pcs', type: 'buy' });
    expect((await send('/items', body, auth)).status).toBe(413);
    expect(await items()).toHaveLength(before);
    // The BOM import reads JSON, XLSX and multipart bodies itself: the same limit.
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    for (const type of ['application/json', xlsx, 'multipart/form-data; boundary=xyz']) {
      const res = await send('/boms/import', `--xyz\r\n${'x'.repeat(LIMIT)}`, {
        ...auth,
        'Content-Type': type,
      });
      expect(res.status, type).toBe(413);
      expect(res.body.type).toBe('/problems/too-large');
    }
  });

  it('reads a chunked body within the limit as any other', async () => {
    const res = await send(
      '/auth/dev-login',
      JSON.stringify({ userId: 'op-li', pad: 'x'.repeat(LIMIT - 100) }),
    );
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: 'op-li' });
  });

  it('answers 413 while the client is still sending: the body is not buffered to its end', async () => {
    const url = new URL(`${server.url}/api/v1/auth/dingtalk`);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const answer = await new Promise<{ status: number; body: string; sentBefore: number }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
          },
          (res) => {
            const sentBefore = sent;
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d) => {
              body += d;
            });
            res.on('end', () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, body, sentBefore });
            });
          },
        );
        req.on('error', reject);
        req.write('{"code":"');
        // Keeps sending, up to 20 MB, and never ends the body on its own.
        const pump = () => {
          if (req.destroyed || sent > 20 * LIMIT) return;
          sent += chunk.length;
          if (req.write(chunk)) setImmediate(pump);
          else req.once('drain', pump);
        };
        pump();
      },
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).type).toBe('/problems/too-large');
    expect(answer.sentBefore).toBeLessThan(20 * LIMIT);
    // The server still serves.
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });
});
