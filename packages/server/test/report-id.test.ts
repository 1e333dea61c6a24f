import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReportId } from '../src/modules/production/report-id.js';
import { postReport, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The milliseconds a version-7 id carries in its first 48 bits. */
const msOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('report ids (UUID version 7)', () => {
  it('carry the time in their first 48 bits, version 7 and the RFC variant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = newReportId(new Date(ms));
        expect(id).toMatch(UUID_V7);
        expect(msOf(id)).toBe(ms);
      }),
    );
  });

  it('sort by time: an id of a later millisecond sorts after, as text and as PostgreSQL uuids compare', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 2 }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        (ms, later) => {
          const a = newReportId(new Date(ms));
          const b = newReportId(new Date(Math.min(ms + later, 2 ** 48 - 1)));
          expect(a < b).toBe(true);
        },
      ),
    );
  });

  it('differ within one millisecond (74 random bits)', () => {
    const at = new Date('2026-12-06T09:00:00.123Z');
    const ids = new Set(Array.from({ length: 20_000 }, () => newReportId(at)));
    expect(ids.size).toBe(20_000);
    for (const id of [...ids].slice(0, 50)) expect(msOf(id)).toBe(at.getTime());
  });
});

describe.each(backends())('a stored report’s id, on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  it('is a version-7 id of the time it was reported, stored and answered alike', async () => {
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 5 });
    const token = await server.token('op-wang');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await postReport(server.url, token, { no: wo.no, seq: 10 }, report(1));
      expect(res.status).toBe(201);
      const answer = (await res.json()) as { id: string; reportedAt: string };
      expect(answer.id).toMatch(UUID_V7);
      expect(msOf(answer.id)).toBe(Date.parse(answer.reportedAt));
      ids.push(answer.id);
    }
    const { rows } = await sql<{ id: string }>`
      select id from operation_reports where work_order_no = ${wo.no} and seq = 10 order by id`.execute(
      server.database.db,
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});
