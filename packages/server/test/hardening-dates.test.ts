import { randomUUID } from 'node:crypto';
import { EARLIEST_INSTANT, IsoDateTime, LATEST_INSTANT, OperationReport, Page } from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** The instant `at` written in the offset `minutes` east of UTC: `2026-07-01T08:30:00.000+08:00`. */
function withOffset(at: number, minutes: number): string {
  const local = new Date(at + minutes * 60_000).toISOString().slice(0, 23);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const offsets = fc.constantFrom(0, 480, -720, 840, 330, 345, -210, 60);

describe('IsoDateTime bounds', () => {
  it('takes 2000-01-01 to 2099-12-31 (UTC) in any offset, and nothing outside', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: EARLIEST_INSTANT - 5e10, max: LATEST_INSTANT + 5e10 }),
        offsets,
        (at, off) => {
          const text = withOffset(at, off);
          fc.pre(/^\d{4}-/.test(text));
          expect(z.safeParse(IsoDateTime, text).success).toBe(at >= EARLIEST_INSTANT && at <= LATEST_INSTANT);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe.each(backends())('report device times on %s', (backend) => {
  let server: TestServer;
  let workOrderNo: string;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
    workOrderNo = (await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 100_000 })).no;
  });
  afterAll(() => server?.close());

  const send = async (deviceTime: string) => {
    const res = await fetch(`${server.url}/api/v1/work-orders/${workOrderNo}/operations/10/reports`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await server.token('op-wang')}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify(report(1, { deviceTime })),
    });
    return { status: res.status, body: await res.json() };
  };
  const storedReports = async () => {
    const res = await fetch(
      `${server.url}/api/v1/work-orders/${workOrderNo}/operations/10/reports?limit=200`,
      {
        headers: { Authorization: `Bearer ${await server.token('op-wang')}` },
      },
    );
    // The SDK's own schema: what a client parses, it must take.
    return z.parse(Page(OperationReport), await res.json()).items;
  };

  it('refuses 9999-12-31 and other dates outside 2000–2099 with 400 naming deviceTime, storing nothing', async () => {
    const before = (await storedReports()).length;
    for (const deviceTime of [
      '9999-12-31T23:59:59+08:00',
      '9999-12-31T00:00:00Z',
      '1999-12-31T23:59:59.999Z',
      '2100-01-01T08:00:00+08:00',
      '0001-01-01T00:00:00Z',
    ]) {
      const res = await send(deviceTime);
      expect(res.status, deviceTime).toBe(400);
      expect(res.body.type).toBe('/problems/validation');
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: 'deviceTime',
          message: 'must be between 2000-01-01 and 2099-12-31 (UTC)',
        }),
      ]);
    }
    expect(await storedReports()).toHaveLength(before);
  });

  it('stores every accepted device time so that it reads back as the same instant the SDK parses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: EARLIEST_INSTANT, max: LATEST_INSTANT }),
        offsets,
        async (at, off) => {
          const sent = withOffset(at, off);
          const res = await send(sent);
          expect(res.status, sent).toBe(201);
          const answered = z.parse(OperationReport, res.body);
          expect(Date.parse(answered.deviceTime)).toBe(at);
          const stored = (await storedReports()).find((r) => r.id === answered.id);
          expect(stored?.deviceTime).toBe(answered.deviceTime);
        },
      ),
      {
        numRuns: 60,
        examples: [
          [EARLIEST_INSTANT, 0],
          [EARLIEST_INSTANT, -720],
          [LATEST_INSTANT, 0],
          [LATEST_INSTANT, 840],
        ],
      },
    );
  });
});
