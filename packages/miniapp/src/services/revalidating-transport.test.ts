import { createHash } from 'node:crypto';
import { createClient, type Transport, type TransportRequest, type WorkOrderPage } from '@shopfloor/sdk';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createRevalidatingTransport, isBoardRead } from './revalidating-transport';

const API = 'https://mes.example.com/api/v1';
const BOARD = `${API}/work-orders?limit=200&view=board`;

interface Sent {
  url: string;
  user: string;
  ifNoneMatch: string | undefined;
  status: number;
  etag: string;
}

/**
 * The server's side of the contract (shared-answer-cache.ts): a strong ETag of the exact body,
 * 304 with no body when If-None-Match names it. Users of one scope get the same answer, as a
 * planner and an admin do, so a wrongly shared ETag would be answered 304.
 */
function fakeServer(scopes: Record<string, string> = { ann: 'all', bob: 'all', cai: 'WS-1' }) {
  const versions = new Map<string, number>();
  const sent: Sent[] = [];
  const bodyFor = (scope: string, url: string): string => {
    const page: WorkOrderPage = {
      items: [
        { no: `WO-${scope}`, item: 'FG-1', qty: 30, due: '2026-12-05', status: 'released', operations: [] },
      ],
      nextCursor: null,
      total: versions.get(url) ?? 0,
    };
    return JSON.stringify({ ...page, url, scope });
  };
  const transport: Transport = async (request) => {
    const user = (request.headers.Authorization ?? '').replace('Bearer ', '');
    const body = bodyFor(scopes[user] ?? user, request.url);
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const ifNoneMatch = request.headers['If-None-Match'];
    const status = ifNoneMatch === etag ? 304 : 200;
    sent.push({ url: request.url, user, ifNoneMatch, status, etag });
    const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
    if (status === 304) return { status, headers, body: '' };
    return { status, headers: { ...headers, 'Content-Type': 'application/json' }, body };
  };
  return {
    transport,
    sent,
    bodyFor: (user: string, url: string) => bodyFor(scopes[user] ?? user, url),
    change: (url: string) => versions.set(url, (versions.get(url) ?? 0) + 1),
  };
}

function get(url: string, user = 'ann'): TransportRequest {
  return { method: 'GET', url, headers: { Authorization: `Bearer ${user}` }, timeoutMs: 1000 };
}

const everything = () => true;

describe('the board revalidates by ETag in mini-programs', () => {
  it('sends If-None-Match with the kept ETag, and a 304 gives the board back through the SDK as before', async () => {
    const server = fakeServer();
    const layer = createRevalidatingTransport(server.transport, { revalidates: isBoardRead });
    const client = createClient({
      baseUrl: 'https://mes.example.com',
      token: 'ann',
      transport: layer.transport,
    });

    const first = await client.workOrders.board({ limit: 200 });
    const second = await client.workOrders.board({ limit: 200 });

    expect(server.sent.map((s) => s.status)).toEqual([200, 304]);
    expect(server.sent[0]?.ifNoneMatch).toBeUndefined();
    expect(server.sent[1]?.ifNoneMatch).toBe(server.sent[0]?.etag);
    expect(second).toEqual(first);
    expect(second.items[0]?.no).toBe('WO-all');
  });

  it('replaces the kept answer when the board changed', async () => {
    const server = fakeServer();
    const layer = createRevalidatingTransport(server.transport, { revalidates: everything });
    const before = await layer.transport(get(BOARD));
    server.change(BOARD);
    const changed = await layer.transport(get(BOARD));
    const again = await layer.transport(get(BOARD));

    expect(changed.body).not.toBe(before.body);
    expect(changed.body).toBe(server.bodyFor('ann', BOARD));
    expect(again).toMatchObject({ status: 200, body: changed.body });
    expect(server.sent.map((s) => s.status)).toEqual([200, 200, 304]);
    expect(server.sent[2]?.ifNoneMatch).toBe(server.sent[1]?.etag);
  });

  it("never sends one user's ETag or shows his board to another, even when their answers are equal", async () => {
    const server = fakeServer();
    const layer = createRevalidatingTransport(server.transport, { revalidates: everything });
    await layer.transport(get(BOARD, 'ann'));
    const bob = await layer.transport(get(BOARD, 'bob'));
    const cai = await layer.transport(get(BOARD, 'cai'));

    expect(server.sent.map((s) => [s.user, s.ifNoneMatch, s.status])).toEqual([
      ['ann', undefined, 200],
      ['bob', undefined, 200],
      ['cai', undefined, 200],
    ]);
    expect(bob.body).toBe(server.bodyFor('bob', BOARD));
    expect(cai.body).toBe(server.bodyFor('cai', BOARD));
  });

  it('forgets everything on clear (sign-out, another sign-in)', async () => {
    const server = fakeServer();
    const layer = createRevalidatingTransport(server.transport, { revalidates: everything });
    await layer.transport(get(BOARD));
    await layer.transport(get(BOARD));
    layer.clear();
    await layer.transport(get(BOARD));
    expect(server.sent.map((s) => s.status)).toEqual([200, 304, 200]);
    expect(server.sent[2]?.ifNoneMatch).toBeUndefined();
  });

  it('does not keep an answer, new or revalidated, that arrives after a clear', async () => {
    const server = fakeServer();
    const gates: (() => void)[] = [];
    const slow: Transport = async (request) => {
      const answer = await server.transport(request);
      await new Promise<void>((open) => gates.push(open));
      return answer;
    };
    const layer = createRevalidatingTransport(slow, { revalidates: everything });
    const cleared = async (during: boolean) => {
      const pending = layer.transport(get(BOARD));
      await vi.waitFor(() => expect(gates).toHaveLength(server.sent.length));
      if (during) layer.clear();
      gates.at(-1)?.();
      return pending;
    };
    await cleared(true); // a 200 after the clear: not kept
    await cleared(false); // kept
    const revalidated = await cleared(true); // a 304 after the clear: answered, not kept again
    await cleared(false);
    expect(server.sent.map((s) => s.status)).toEqual([200, 200, 304, 200]);
    expect(server.sent[3]?.ifNoneMatch).toBeUndefined();
    expect(revalidated.body).toBe(server.bodyFor('ann', BOARD));
  });

  it('keeps no answer without an ETag, and drops the one it had', async () => {
    let withEtag = true;
    const seen: (string | undefined)[] = [];
    const layer = createRevalidatingTransport(
      async (request) => {
        seen.push(request.headers['If-None-Match']);
        return {
          status: 200,
          headers: withEtag ? { etag: '"a"' } : ({} as Record<string, string>),
          body: '{}',
        };
      },
      { revalidates: everything },
    );
    await layer.transport(get(BOARD));
    withEtag = false;
    await layer.transport(get(BOARD));
    await layer.transport(get(BOARD));
    expect(seen).toEqual([undefined, '"a"', undefined]);
  });

  it('leaves every other request alone: other reads, writes, downloads', async () => {
    const server = fakeServer();
    const layer = createRevalidatingTransport(server.transport, { revalidates: isBoardRead });
    const others: TransportRequest[] = [
      get(`${API}/work-orders?view=home`),
      get(`${API}/work-orders/WO-1`),
      { ...get(BOARD), method: 'POST', body: '{}' },
      { ...get(BOARD), responseType: 'bytes' },
    ];
    for (const request of [...others, ...others]) await layer.transport(request);
    expect(server.sent.every((s) => s.ifNoneMatch === undefined && s.status === 200)).toBe(true);
  });

  it('keeps the last few reads only, the least recently used going first', async () => {
    const server = fakeServer();
    const layer = createRevalidatingTransport(server.transport, { revalidates: everything, maxEntries: 2 });
    const url = (n: number) => `${BOARD}&workshop=WS-${n}`;
    for (const n of [1, 2, 1, 3, 1, 2]) await layer.transport(get(url(n)));
    // WS-2 was the least recently used when WS-3 came, so it is asked afresh at the end.
    expect(server.sent.map((s) => s.status)).toEqual([200, 200, 304, 200, 304, 200]);
  });

  it('answers exactly what the server holds for that user now, whatever the sequence', async () => {
    const users = ['ann', 'bob', 'cai'];
    const urls = [1, 2, 3].map((n) => `${BOARD}&workshop=WS-${n}`);
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('get' as const),
        user: fc.constantFrom(...users),
        url: fc.constantFrom(...urls),
      }),
      fc.record({ kind: fc.constant('change' as const), url: fc.constantFrom(...urls) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const server = fakeServer();
        const layer = createRevalidatingTransport(server.transport, {
          revalidates: everything,
          maxEntries: 2,
        });
        for (const s of steps) {
          if (s.kind === 'change') server.change(s.url);
          else if (s.kind === 'clear') layer.clear();
          else {
            const answer = await layer.transport(get(s.url, s.user));
            expect(answer.status).toBe(200);
            expect(answer.body).toBe(server.bodyFor(s.user, s.url));
          }
        }
        // Every If-None-Match is an ETag the server gave that same user for that same URL.
        for (const [i, s] of server.sent.entries()) {
          if (s.ifNoneMatch === undefined) continue;
          const earlier = server.sent.slice(0, i).filter((e) => e.user === s.user && e.url === s.url);
          expect(earlier.map((e) => e.etag)).toContain(s.ifNoneMatch);
        }
      }),
    );
  });
});

describe('isBoardRead', () => {
  it('is the board and nothing else', () => {
    expect(isBoardRead(get(BOARD))).toBe(true);
    expect(isBoardRead(get(`${API}/work-orders?view=board&workshop=WS-1`))).toBe(true);
    expect(isBoardRead(get(`${API}/work-orders?view=home`))).toBe(false);
    expect(isBoardRead(get(`${API}/work-orders?view=boards`))).toBe(false);
    expect(isBoardRead(get(`${API}/work-orders/view=board`))).toBe(false);
    expect(isBoardRead(get(`${API}/analytics/team-comparison?view=board`))).toBe(false);
  });
});
