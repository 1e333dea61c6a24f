import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** POST /items and PUT /items/{code} check a planning field by the same rule. */
describe.each(backends())('one validation for creating and changing an item on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
  });
  afterAll(() => server?.close());

  const call = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token('pl-zhou')}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  let n = 0;
  const newItem = async () => {
    const code = `HI-${++n}`;
    const created = await call('POST', '/items', { code, name: '测试件', uom: 'kg', type: 'buy' });
    expect(created.status).toBe(201);
    return code;
  };

  it('refuses safetyStock 1e-7 on PUT as on POST, naming the field, and keeps the stored value', async () => {
    const code = await newItem();
    expect((await call('PUT', `/items/${code}`, { safetyStock: 2.5 })).status).toBe(200);
    const post = await call('POST', '/items', {
      code: `${code}-B`,
      name: 'x',
      uom: 'kg',
      type: 'buy',
      safetyStock: 1e-7,
    });
    const put = await call('PUT', `/items/${code}`, { safetyStock: 1e-7 });
    expect(post.status).toBe(400);
    expect(put.status).toBe(400);
    expect(put.body.errors.map((e: { path: string }) => e.path)).toEqual(['safetyStock']);
    expect(put.body.errors[0].message).toBe(post.body.errors[0].message);
    const stored = await server.database.db
      .selectFrom('items')
      .select('safety_stock')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(Number(stored.safety_stock)).toBe(2.5);
  });

  it('agrees with POST on any planning field value', async () => {
    const code = await newItem();
    const field = fc.oneof(
      fc.record({
        safetyStock: fc.oneof(
          fc.double({ min: -10, max: 1e6, noNaN: true }),
          fc.constantFrom(1e-7, 0.1234567, 0.000001, 3),
        ),
      }),
      fc.record({
        leadTime: fc.oneof(fc.double({ min: -1, max: 4000, noNaN: true }), fc.integer({ min: 0, max: 3650 })),
      }),
      fc.record({
        cost: fc.oneof(fc.double({ min: -1, max: 1e6, noNaN: true }), fc.constantFrom(1e-9, 12.5)),
      }),
      fc.record({ name: fc.oneof(fc.string({ maxLength: 210 }), fc.constantFrom('  ', '新名字')) }),
      fc.record({ spec: fc.oneof(fc.string({ maxLength: 210 }), fc.constant('φ12×100')) }),
    );
    await fc.assert(
      fc.asyncProperty(field, async (change) => {
        const post = await call('POST', '/items', {
          code: `HP-${randomUUID().slice(0, 8)}`,
          name: '测试件',
          uom: 'kg',
          type: 'buy',
          ...change,
        });
        const put = await call('PUT', `/items/${code}`, change);
        expect(put.status === 200, JSON.stringify({ change, put: put.body })).toBe(post.status === 201);
        if (put.status === 200) {
          // What was accepted is answered as sent (text trimmed, numbers to their 6 places), never rounded away.
          const [key, value] = Object.entries(change)[0]!;
          expect(put.body[key]).toEqual(
            typeof value === 'string' ? value.trim() : Math.round(value * 1e6) / 1e6 + 0, // -0 reads back as 0
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
