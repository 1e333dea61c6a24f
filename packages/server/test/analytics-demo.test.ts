import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoCalendar } from '../src/demo/calendar.js';
import { demoCatalog } from '../src/demo/catalog.js';
import { seedDemoFactory } from '../src/demo/index.js';
import { DEMO_USERS } from '../src/demo/plant.js';
import { planTeamHistory } from '../src/demo/team-history.js';
import { backends, startTestServer, TestClock, type TestServer } from './harness.js';

/** The demo's history (demo/team-history.ts) shows the team comparison with a spread from day one. */
describe.each(backends())('the demo team comparison on %s', (backend) => {
  let server: TestServer;
  const now = new Date();
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: (db, config) => seedDemoFactory(db, config, new TestClock(now)).then(() => undefined),
    });
    server.clock.set(now);
  });
  afterAll(() => server?.close());

  const day = (offset: number) =>
    new Date(now.getTime() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  async function get(query: Record<string, string>) {
    const res = await fetch(`${server.url}/api/v1/analytics/team-comparison?${new URLSearchParams(query)}`, {
      headers: { Authorization: `Bearer ${await server.token('demo-planner')}` },
    });
    expect(res.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: answers read loosely, field by field
    return (await res.json()) as any;
  }

  it('compares the two cutting and assembly teams, the second one slower', async () => {
    const answer = await get({ from: day(-29), to: day(0) });
    const names = answer.rows.map((r: { name: string }) => r.name);
    for (const team of ['开料一班', '开料二班', '总装一班', '总装二班']) expect(names).toContain(team);
    const efficiency = (name: string) =>
      answer.rows.find((r: { name: string }) => r.name === name).efficiency;
    expect(efficiency('开料一班')).toBeGreaterThan(efficiency('开料二班'));
    expect(efficiency('总装一班')).toBeGreaterThan(efficiency('总装二班'));
    expect(answer.spread.length).toBeGreaterThan(0);
    const cut = answer.spread.find((s: { operation: string }) => s.operation === '开料');
    expect(cut).toMatchObject({ fastest: '开料一班', slowest: '开料二班' });
    expect(cut.spreadPct).toBeGreaterThan(20);
    for (const s of answer.spread) expect(s.teams.length).toBeGreaterThanOrEqual(2);
    // The 7th history order's drilling (钻孔) was never reported, the operations after it were.
    expect(answer.skipped).toContainEqual(
      expect.objectContaining({
        workOrderNo: expect.stringMatching(/-H07$/),
        seq: 30,
        operation: '钻孔',
        laterSeq: 40,
      }),
    );
  });
});

/**
 * The spread needs two teams on the same item and operation. The history alternates the items by
 * order, so the teams' turns must not follow the same beat: on every day of a week, each cutting and
 * assembly operation of each item is done by both teams of its workshop.
 */
describe('the demo history', () => {
  const items = new Map(demoCatalog().items.map((i) => [i.code, i]));
  const teamOf = new Map(DEMO_USERS.map((u) => [u.id, u.team ?? u.id]));
  for (let day = 0; day < 7; day++) {
    const now = new Date(Date.parse('2026-12-07T08:00:00+08:00') + day * 86_400_000);
    it(`gives both teams each item's cutting and assembly, seeded on ${now.toISOString().slice(0, 10)}`, () => {
      const history = planTeamHistory('demo', items, new DemoCalendar(now));
      const itemOf = new Map(history.orders.map((o) => [o.no, o.item]));
      const workshopOf = new Map(history.operations.map((o) => [`${o.work_order_no}/${o.seq}`, o.workshop]));
      const teams = new Map<string, Set<string>>();
      for (const r of history.reports) {
        const workshop = workshopOf.get(`${r.work_order_no}/${r.seq}`)!;
        if (workshop !== 'WS-CUT' && workshop !== 'WS-ASM') continue;
        const key = `${itemOf.get(r.work_order_no)} ${r.seq}`;
        teams.set(key, (teams.get(key) ?? new Set()).add(teamOf.get(r.reporter)!));
      }
      expect(teams.size).toBeGreaterThan(0);
      for (const [key, set] of teams) expect([key, set.size]).toEqual([key, 2]);
    });
  }
});
