import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';

const text = (a: { body: Uint8Array }) => Buffer.from(a.body).toString();

import {
  acceptsGzip,
  etagOf,
  gzipEtagOf,
  notModified,
  SharedAnswerCache,
  sendSharedAnswer,
} from '../src/http/shared-answer-cache.js';

function cacheAt(options: Partial<ConstructorParameters<typeof SharedAnswerCache>[0]> = {}) {
  const clock = { at: 1_000_000 };
  const cache = new SharedAnswerCache({
    ttlMs: 5_000,
    maxEntries: 8,
    maxBytes: 1_000_000,
    now: () => clock.at,
    ...options,
  });
  return { cache, clock };
}

describe('SharedAnswerCache', () => {
  it('runs one computation for identical requests in flight and hands all of them its answer', async () => {
    const { cache } = cacheAt();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const compute = async () => {
      runs += 1;
      await gate;
      return { n: runs };
    };
    const asked = Array.from({ length: 10 }, () => cache.answer('k', compute));
    release();
    const answers = await Promise.all(asked);
    expect(runs).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(text(answers[0]!)).toBe('{"n":1}');
    expect(answers[0]!.etag).toBe(etagOf('{"n":1}'));
    expect(answers[0]!.etag).toBe(etagOf(answers[0]!.body));
  });

  it('keeps an answer until the TTL from when its read began, then reads again', async () => {
    const { cache, clock } = cacheAt();
    let n = 0;
    const compute = async () => ({ n: ++n });
    expect(text(await cache.answer('k', compute))).toBe('{"n":1}');
    clock.at += 4_999;
    expect(text(await cache.answer('k', compute))).toBe('{"n":1}');
    clock.at += 1;
    expect(text(await cache.answer('k', compute))).toBe('{"n":2}');
    // A clock set back does not make an answer fresh for longer.
    clock.at -= 60_000;
    expect(text(await cache.answer('k', compute))).toBe('{"n":3}');
  });

  it('keeps no error: every waiter hears it and the next request reads again', async () => {
    const { cache } = cacheAt();
    let n = 0;
    const failing = async () => {
      n += 1;
      throw new Error('database gone');
    };
    const both = await Promise.allSettled([cache.answer('k', failing), cache.answer('k', failing)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(n).toBe(1);
    expect(cache.size).toBe(0);
    expect(text(await cache.answer('k', async () => 'ok'))).toBe('"ok"');
  });

  it('stays within its bounds and answers only what was computed for that key within the TTL', async () => {
    const op = fc.record({
      key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      size: fc.integer({ min: 0, max: 60 }),
      wait: fc.integer({ min: 0, max: 3_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const { cache, clock } = cacheAt({ maxEntries: 3, maxBytes: 200 });
        // The model: what each key last computed, and when.
        const last = new Map<string, { body: string; at: number }>();
        let counter = 0;
        for (const { key, size, wait } of ops) {
          clock.at += wait;
          let computed: string | undefined;
          const answer = await cache.answer(key, async () => {
            computed = `${key}${++counter}`.padEnd(size, '.');
            return computed;
          });
          if (computed === undefined) {
            const seen = last.get(key);
            expect(seen).toBeDefined();
            expect(text(answer)).toBe(seen!.body);
            expect(clock.at - seen!.at).toBeLessThan(5_000);
          } else {
            expect(text(answer)).toBe(JSON.stringify(computed));
            last.set(key, { body: text(answer), at: clock.at });
          }
          expect(answer.etag).toBe(etagOf(answer.body));
          expect(cache.size).toBeLessThanOrEqual(3);
          expect(cache.keptBytes).toBeLessThanOrEqual(200);
          expect(cache.keptBytes).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('If-None-Match', () => {
  const tag = etagOf('{"items":[]}');
  it('matches the ETag, its weak form, one of a list, and *', () => {
    expect(notModified(tag, tag)).toBe(true);
    expect(notModified(`W/${tag}`, tag)).toBe(true);
    expect(notModified(`"other", ${tag}`, tag)).toBe(true);
    expect(notModified('*', tag)).toBe(true);
  });
  it('does not match another ETag, a bare hash or nothing', () => {
    expect(notModified(etagOf('{"items":[1]}'), tag)).toBe(false);
    expect(notModified(tag.slice(1, -1), tag)).toBe(false);
    expect(notModified(undefined, tag)).toBe(false);
    expect(notModified('', tag)).toBe(false);
  });
});

describe('the shared answer gzipped', () => {
  const big = { rows: Array.from({ length: 400 }, (_, i) => ({ no: `WO${i}`, item: '柜体', qty: i })) };
  const appOf = (answer: Awaited<ReturnType<SharedAnswerCache['answer']>>) =>
    new Hono().get('/', (c) => sendSharedAnswer(c, answer));

  it('sends the same JSON gzipped to a caller who takes gzip, under its own ETag, and as it is to others', async () => {
    const answer = await cacheAt().cache.answer('k', async () => big);
    const app = appOf(answer);
    const zipped = await app.request('/', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(zipped.headers.get('etag')).toBe(gzipEtagOf(answer.etag));
    expect(zipped.headers.get('etag')).not.toBe(answer.etag);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(answer.body.byteLength / 5);
    expect(JSON.parse(gunzipSync(bytes).toString())).toEqual(big);
    for (const refused of [undefined, 'identity', 'gzip;q=0', 'br, deflate']) {
      const plain = await app.request('/', { headers: refused ? { 'Accept-Encoding': refused } : {} });
      expect(plain.headers.get('content-encoding'), refused).toBeNull();
      expect(plain.headers.get('etag')).toBe(answer.etag);
      expect(JSON.parse(await plain.text())).toEqual(big);
    }
    // Either tag names the same content: 304 whatever the caller takes now.
    for (const tag of [answer.etag, gzipEtagOf(answer.etag), `W/${gzipEtagOf(answer.etag)}`])
      for (const encoding of ['gzip', 'identity'])
        expect(
          (await app.request('/', { headers: { 'If-None-Match': tag, 'Accept-Encoding': encoding } })).status,
        ).toBe(304);
  });

  it('keeps a small answer as it is', async () => {
    const answer = await cacheAt().cache.answer('k', async () => ({ n: 1 }));
    expect(answer.gzip).toBeNull();
    const res = await appOf(answer).request('/', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe('{"n":1}');
  });

  it('takes gzip only where Accept-Encoding does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('gzip', 'GZIP', 'deflate', 'br', 'identity', '*'), { maxLength: 4 }),
        fc.array(fc.constantFrom('', ';q=0', ';q=0.5', ';q=1'), { minLength: 4, maxLength: 4 }),
        (codings, qs) => {
          const header = codings.map((c, i) => `${c}${qs[i]}`).join(', ');
          const expected = codings.some((c, i) => c.toLowerCase() === 'gzip' && qs[i] !== ';q=0');
          expect(acceptsGzip(header)).toBe(expected);
        },
      ),
    );
  });
});
