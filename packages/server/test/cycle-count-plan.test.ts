import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCountPlanWorker } from '../src/modules/counts/plan-worker.js';
import { mondayOf } from '../src/modules/counts/week.js';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const CYCLE = { A: 2, B: 6, C: 12 } as const;
const WEEK_MS = 7 * 86_400_000;

/**
 * The weekly plan over 26 simulated weeks (a fake clock, the job ticked by hand): every stocked
 * balance is counted within its class's cycle, each plan counts at least a fifth of the stocked
 * balances, and the job makes one plan a week however often it ticks.
 */
describe.each(backends())('the weekly count plan on %s', (backend) => {
  let server: TestServer;
  const classOf = new Map<string, keyof typeof CYCLE>();
  beforeAll(async () => {
    // Weeks go by in seconds: the sign-ins of half a year must not meet the per-minute sign-in limits.
    const env = { SHOPFLOOR_LOGIN_RATE_USER: '100000', SHOPFLOOR_LOGIN_RATE_IP: '100000' };
    server = await startTestServer({ backend, seed: seedStock, env });
    const lines: { item: string; qty: number; location: string }[] = [];
    const classes: [keyof typeof CYCLE, number][] = [
      ['A', 4],
      ['B', 6],
      ['C', 12],
    ];
    for (const [abc, n] of classes) {
      for (let i = 0; i < n; i++) {
        const code = `PL-${abc}${i}`;
        await addItem(server.database.db, code);
        await sql`update items set abc_class = ${abc} where org_id = ${ORG} and code = ${code}`.execute(
          server.database.db,
        );
        lines.push({ item: code, qty: 10 + i, location: 'RM-A01' });
        if (i % 2 === 0) lines.push({ item: code, qty: 5, location: 'RM-A02' });
        classOf.set(code, abc);
      }
    }
    await receive(server, lines);
  });
  afterAll(() => server?.close());

  /** Signs in again once the clock has moved an hour past the last sign-in (sessions last 12 h). */
  const sessions = new Map<string, { token: string; at: number }>();
  async function tokenOf(userId: string): Promise<string> {
    const now = server.clock.now().getTime();
    const known = sessions.get(userId);
    if (known && now - known.at < 3_600_000) return known.token;
    const login = await fetch(`${server.url}/api/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    sessions.set(userId, { token, at: now });
    return token;
  }

  async function api(userId: string, method: string, path: string, body?: unknown) {
    const token = await tokenOf(userId);
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  }

  it('counts every stocked balance within its cycle, a fifth or more of them each week, one plan a week', async () => {
    const worker = server.deps.services.workers.countPlan;
    const start = new Date(`${mondayOf(new Date(server.clock.now().getTime() + WEEK_MS))}T06:00:00+08:00`);
    const stocked = await server.database.db
      .selectFrom('stock_balances')
      .select(['item', 'location'])
      .where('org_id', '=', ORG)
      .where('qty', '>', '0')
      .where('item', 'like', 'PL-%')
      .execute();
    expect(stocked.length).toBe(33);
    const countedIn = new Map<string, number[]>(stocked.map((b) => [`${b.item}@${b.location}`, []]));

    server.clock.set(new Date(start.getTime() - 60_000)); // Monday 05:59: not due yet
    expect(await worker.tick()).toBe(0);
    for (let week = 0; week < 26; week++) {
      server.clock.set(new Date(start.getTime() + week * WEEK_MS + 60_000));
      expect(await worker.tick(), `week ${week}`).toBe(1);
      expect(await worker.tick(), `week ${week}, ticked again`).toBe(0);
      const open = await api('sk-sun', 'GET', '/cycle-counts?status=open&limit=500');
      const tasks = open.json.items as { id: string; item: string; location: string }[];
      expect(tasks.length, `week ${week}`).toBeGreaterThanOrEqual(Math.ceil(stocked.length * 0.2));
      for (const task of tasks) {
        const b = await server.database.db
          .selectFrom('stock_balances')
          .select('qty')
          .where('org_id', '=', ORG)
          .where('item', '=', task.item)
          .where('location', '=', task.location)
          .executeTakeFirstOrThrow();
        server.clock.advance(60_000);
        const res = await api('sk-sun', 'POST', `/cycle-counts/${task.id}/count`, { qty: Number(b.qty) });
        expect(res.json.status, JSON.stringify(res.json)).toBe('done');
        countedIn.get(`${task.item}@${task.location}`)!.push(week);
      }
    }
    for (const [balance, weeks] of countedIn) {
      const cycle = CYCLE[classOf.get(balance.split('@')[0]!)!];
      // Never later than a cycle after the first plan, never more than a cycle between two counts.
      const gaps = [weeks[0]!, ...weeks.slice(1).map((w, i) => w - weeks[i]!)];
      expect(Math.max(...gaps), `${balance} counted in weeks ${weeks}`).toBeLessThanOrEqual(cycle);
      expect(weeks.at(-1), `${balance} counted in weeks ${weeks}`).toBeGreaterThanOrEqual(25 - cycle);
    }

    // On demand: this week has its plan (409); next week can be planned ahead, and then the job leaves it.
    const again = await api('pl-zhou', 'POST', '/cycle-counts/plans', {});
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ type: '/problems/count-plan-exists' });
    const next = mondayOf(new Date(server.clock.now().getTime() + WEEK_MS));
    const ahead = await api('pl-zhou', 'POST', '/cycle-counts/plans', { week: next });
    expect(ahead.status).toBe(201);
    expect(ahead.json).toMatchObject({ week: next, createdBy: 'pl-zhou', stocked: 33 });
    server.clock.set(new Date(`${next}T07:00:00+08:00`));
    expect(await worker.tick()).toBe(0);
    const past = await api('pl-zhou', 'POST', '/cycle-counts/plans', { week: mondayOf(start) });
    expect(past.status).toBe(400);

    // Two replicas whose jobs tick at the same moment make one plan (unique per org and week).
    const later = mondayOf(new Date(server.clock.now().getTime() + WEEK_MS));
    server.clock.set(new Date(`${later}T06:00:00+08:00`));
    const replicas = [createCountPlanWorker(server.deps), createCountPlanWorker(server.deps)];
    const made = await Promise.all(replicas.map((w) => w.tick()));
    expect(made.sort()).toEqual([0, 1]);
    const plans = await sql<{ n: number }>`
      select count(*)::int as n from count_plans where org_id = ${ORG} and week = ${later}`.execute(
      server.database.db,
    );
    expect(plans.rows[0]!.n).toBe(1);
  });
});
