import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SPREADS, type SpreadSums, sumsToSpreads } from '../src/modules/analytics/aggregate.js';
import { withAnalyticsPlanner } from '../src/modules/analytics/read.js';
import { comparison } from '../src/modules/analytics/stored.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** One team's measured sums on one item and operation, as team_comparison_days holds them. */
interface TeamSums {
  team: number;
  operation: number;
  measuredQty: number;
  actualMs: number;
}

// Few distinct values, so spreads collide and land on the rounding's halves around the 100th.
const teamArb: fc.Arbitrary<TeamSums> = fc.record({
  team: fc.nat(3),
  operation: fc.nat(1),
  measuredQty: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }) },
  ),
  actualMs: fc.constantFrom(0, 60_000, 90_000, 120_000, 121_000, 180_000, 600_000, 600_000, 90_000),
});

const DAY = '2026-11-10';

/** Rows straight into team_comparison_days, as the minutes worker sums them (columns by name). */
async function insertDays(server: TestServer, rows: readonly object[]) {
  await sql`insert into team_comparison_days (org_id, day, reporter, workshop, work_center, item, seq,
              operation, n, measured_n, qty, measured_qty, actual_ms, standard)
            select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(org_id text, day date,
              reporter text, workshop text, work_center text, item text, seq int, operation text, n int,
              measured_n int, qty numeric, measured_qty numeric, actual_ms bigint, standard numeric)`.execute(
    server.database.db,
  );
}

/** The answer's spreads of `org` on DAY, read as the route reads them. */
async function spreadsOn(server: TestServer, org: string) {
  const scope = {
    orgId: org,
    start: new Date(`${DAY}T00:00:00+08:00`),
    end: new Date(Date.parse(`${DAY}T00:00:00+08:00`) + 86_400_000),
    workshops: null,
  };
  const answer = await server.database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((tx) =>
      withAnalyticsPlanner(tx, (t) =>
        comparison(t, { config: server.deps.config }, scope, 'team', { withSpreads: true, live: false }),
      ),
    );
  return answer!.spread;
}

describe.each(backends())('team comparison spreads past the %s cut', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(() => server?.close());

  // The statement sends only the operations within 0.2 points of the 100th largest spread;
  // sumsToSpreads over every team of every operation must choose the same spreads.
  it('keeps the spreads sumsToSpreads keeps from every operation', async () => {
    let run = 0;
    let cut = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(teamArb, { minLength: 2, maxLength: 5 }), {
          minLength: 3 * MAX_SPREADS,
          maxLength: 4 * MAX_SPREADS,
        }),
        async (operations) => {
          const org = `cut-${backend}-${run++}`;
          const all: SpreadSums[] = [];
          const rows = operations.flatMap((teams, op) => {
            // One row a team (days of one team and kind add up: one is enough here).
            const byTeam = new Map(teams.map((t) => [t.team, t]));
            return [...byTeam.values()].map((t) => {
              const measured = t.measuredQty > 0 && t.actualMs > 0;
              // Three operations (seqs) an item: each is its own spread.
              const item = `I${String(Math.floor(op / 3)).padStart(4, '0')}`;
              const seq = 10 * ((op % 3) + 1);
              const workshop = `WS${t.team}`;
              const operation = `工序${t.operation}`;
              all.push({
                item,
                seq,
                operation,
                team: workshop,
                teamName: workshop,
                measuredQty: measured ? t.measuredQty : 0,
                actual: measured ? t.actualMs / 60_000 : 0,
              });
              return {
                org_id: org,
                day: DAY,
                reporter: `r${t.team}`,
                workshop,
                work_center: '',
                item,
                seq,
                operation,
                n: 1,
                measured_n: measured ? 1 : 0,
                qty: Math.max(t.measuredQty, 1),
                measured_qty: measured ? t.measuredQty : 0,
                actual_ms: measured ? t.actualMs : 0,
                standard: 0,
              };
            });
          });
          await insertDays(server, rows);
          const expected = sumsToSpreads(all);
          expect(await spreadsOn(server, org)).toEqual(expected);
          if (expected.length === MAX_SPREADS) cut++;
        },
      ),
      { numRuns: 25 },
    );
    // Most runs have more spreads than are kept: the cut was met, not only the short lists.
    expect(cut).toBeGreaterThan(10);
  });

  // 100 operations at a spread of 50.04 % and one at 49.96 %: all round to 50.0 %, and the 101st by
  // its spread comes first by its item. Only the 0.2-point margin sends it.
  it('keeps an operation below the 100th spread that rounds to the same tenth and sorts first', async () => {
    const org = `cut-example-${backend}`;
    const op = (item: string, slowestMs: number) =>
      [
        { reporter: 'r0', workshop: 'WS0', measured_qty: 1, actual_ms: 60_000 },
        { reporter: 'r1', workshop: 'WS1', measured_qty: 10_000, actual_ms: slowestMs },
      ].map((t) => ({
        org_id: org,
        day: DAY,
        work_center: '',
        item,
        seq: 10,
        operation: '装配',
        n: 1,
        measured_n: 1,
        qty: t.measured_qty,
        standard: 0,
        ...t,
      }));
    const rows = [
      ...Array.from({ length: MAX_SPREADS }, (_, i) => op(`B${String(i).padStart(4, '0')}`, 900_240_000)),
      op('A0000', 899_760_000),
    ].flat();
    await insertDays(server, rows);
    const spreads = await spreadsOn(server, org);
    expect(spreads).toHaveLength(MAX_SPREADS);
    expect(spreads.map((t) => t.spreadPct)).toEqual(Array(MAX_SPREADS).fill(50));
    expect(spreads.map((t) => t.item)).toEqual([
      'A0000',
      ...Array.from({ length: MAX_SPREADS - 1 }, (_, i) => `B${String(i).padStart(4, '0')}`),
    ]);
  });
});

describe('sumsToSpreads order', () => {
  // 'Å' and 'A' + combining ring are one text to localeCompare: the order must not follow the input's.
  it('is the same whatever order the sums come in, for codes one text in two Unicode forms', () => {
    const team = (item: string, teamName: string, actual: number): SpreadSums => ({
      item,
      seq: 10,
      operation: '装配',
      team: teamName,
      teamName,
      measuredQty: 1,
      actual,
    });
    fc.assert(
      fc.property(fc.constantFrom('\u00c5', '\u1e69', '\u00e9'), (composed) => {
        const decomposed = composed.normalize('NFD');
        const sums = [composed, decomposed].flatMap((item) => [team(item, 'A', 1), team(item, 'B', 2)]);
        const forward = sumsToSpreads(sums);
        expect(sumsToSpreads([...sums].reverse())).toEqual(forward);
        expect(forward.map((s) => s.item)).toEqual([composed, decomposed].sort());
      }),
    );
  });
});
