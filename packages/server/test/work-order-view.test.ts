import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiText } from '../src/modules/production/work-order-store.js';
import { isoShanghai } from '../src/shared/time.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('operation times formatted by the database on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(() => server?.close());

  it('equal isoShanghai of the timestamp the driver reads, microseconds and all (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        async (at, micros) => {
          // A stored timestamp has microseconds a JS Date never has: both sides must cut them alike.
          const text = `${at.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
          const { rows } = await sql<{ at: Date; shown: string }>`
            select t as at, ${shanghaiText(sql.ref('t'))} as shown
            from (select ${text}::timestamptz as t) x`.execute(server.database.db);
          expect(rows[0]!.shown).toBe(isoShanghai(rows[0]!.at));
        },
      ),
      { numRuns: 200 },
    );
    const { rows } = await sql<{ shown: string | null }>`
      select ${shanghaiText(sql.ref('t'))} as shown from (select null::timestamptz as t) x`.execute(
      server.database.db,
    );
    expect(rows[0]!.shown).toBeNull();
  });
});
