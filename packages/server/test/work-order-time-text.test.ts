import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiPlain, shanghaiText, shanghaiTextOf } from '../src/modules/production/work-order-store.js';
import { backends, startTestServer, type TestServer } from './harness.js';

// Microsecond timestamps, with the fractions that change the text's length: none, .5, .12, .123456.
const instantArb = fc.oneof(
  fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  }),
  fc.constantFrom(
    new Date('2026-11-25T04:30:00.000Z'),
    new Date('2026-12-31T16:00:00.000Z'),
    new Date('2026-12-31T15:59:59.999Z'),
  ),
);
const microArb = fc.record({ at: instantArb, micro: fc.oneof(fc.constant(0), fc.nat(999)) });
const timeArb = fc.oneof(
  { weight: 12, arbitrary: microArb },
  { weight: 1, arbitrary: fc.constantFrom('infinity', '-infinity') },
);

describe.each(backends())('an operation time as the API shows it, on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(() => server?.close());

  // The board and the home read operation times as plain text and reshape them in code
  // (work-order-store.ts): the answer must stay what to_char wrote.
  it('reshaped from the plain text equals the to_char text, to the millisecond cut', async () => {
    const db = server.database.db;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(timeArb, { nil: null }), { minLength: 1, maxLength: 40 }),
        async (xs) => {
          // Text with microseconds: a JS Date holds milliseconds only. Infinity: null both ways.
          const texts = xs.map((x) =>
            x === null || typeof x === 'string'
              ? x
              : `${x.at.toISOString().slice(0, 23)}${String(x.micro).padStart(3, '0')}Z`,
          );
          const at = sql.ref('t.at');
          const { rows } = await sql<{ formatted: string | null; plain: string | null }>`
          select ${shanghaiText(at)} as formatted, ${shanghaiPlain(at)} as plain
          from unnest(${texts}::timestamptz[]) with ordinality t(at, i) order by t.i`.execute(db);
          expect(rows).toHaveLength(xs.length);
          for (const row of rows) expect(shanghaiTextOf(row.plain)).toBe(row.formatted);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a timestamp text that is not ISO rather than reshape it wrong', () => {
    expect(() => shanghaiTextOf('06/12/2026 20:22:14.016')).toThrow(/DateStyle ISO/);
    expect(shanghaiTextOf('2026-12-06 20:22:14.0165')).toBe('2026-12-06T20:22:14.016+08:00');
  });
});
