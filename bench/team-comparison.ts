/**
 * The team comparison at a year, stored minutes against the live-only answer (docs/team-comparison.md):
 * the worker's catch-up time on a schema seeded before (migration 26 applied on start), then
 * GET /analytics/team-comparison as bench/scale.ts calls it (one user, 3 warm-ups, 30 samples) over
 * 30, 7 and 1 days, the two answers interleaved sample by sample on the same server and load, and
 * the two answers compared byte for byte (groupBy team, operator, workCenter, operation; CSV).
 *
 * SHOPFLOOR_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/year_<name> SHOPFLOOR_SCALE_SCHEMA=public \
 *   node --import tsx bench/team-comparison.ts
 * Never on `year` itself: the worker writes team_comparison_minutes.
 */
import { loadavg } from 'node:os';
import * as server from '../packages/server/src/index.js';
import { catchUpTeamMinutes } from '../packages/server/src/modules/analytics/minutes-worker.js';
import { comparisonMode } from '../packages/server/src/modules/analytics/routes.js';
import { BENCH_PG_URL } from './backends.js';
import { quantile, signIn } from './scale.js';

const SAMPLES = Number(process.env.SHOPFLOOR_TC_SAMPLES ?? 30);
const load = () => loadavg()[0]!.toFixed(1);

const config = server.loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  SHOPFLOOR_DEMO: 'on',
  SHOPFLOOR_LOG_LEVEL: 'silent',
  DATABASE_URL: BENCH_PG_URL,
});
const database = await server.openDatabase({
  url: BENCH_PG_URL,
  schema: process.env.SHOPFLOOR_SCALE_SCHEMA ?? 'public',
  poolSize: 20,
});
const running = await server.startServer(config, { database, workers: false });
try {
  const loadBefore = load();
  const t = performance.now();
  const stored = await catchUpTeamMinutes(running.deps);
  console.log(
    `catch-up: ${stored} reports stored in ${((performance.now() - t) / 1000).toFixed(1)} s (load ${loadBefore} → ${load()})`,
  );
  const token = await signIn(running.url, 'demo-planner');
  const get = async (path: string, live: boolean) => {
    comparisonMode.live = live;
    const started = performance.now();
    const res = await fetch(`${running.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await res.text();
    const ms = performance.now() - started;
    comparisonMode.live = false;
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 200)}`);
    return { ms, body };
  };
  const today = new Date().toISOString().slice(0, 10);
  for (const days of [30, 7, 1]) {
    const from = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const path = `/analytics/team-comparison?from=${from}&to=${today}`;
    for (const extra of [
      '',
      '&groupBy=operator',
      '&groupBy=workCenter',
      '&groupBy=operation',
      '&format=csv',
    ]) {
      const [a, b] = [await get(path + extra, false), await get(path + extra, true)];
      if (a.body !== b.body)
        throw new Error(`${days} days${extra}: the stored answer differs from the live one`);
    }
    for (let i = 0; i < 3; i++) {
      await get(path, false);
      await get(path, true);
    }
    const times = { stored: [] as number[], live: [] as number[] };
    const loads: string[] = [load()];
    for (let i = 0; i < SAMPLES; i++) {
      // Interleaved, the order alternating: both see the same load.
      const order = i % 2 === 0 ? [false, true] : [true, false];
      for (const live of order) times[live ? 'live' : 'stored'].push((await get(path, live)).ms);
    }
    loads.push(load());
    const fmt = (xs: number[]) => {
      const s = [...xs].sort((x, y) => x - y);
      return `${quantile(s, 0.5).toFixed(0)} / ${quantile(s, 0.95).toFixed(0)} ms`;
    };
    console.log(
      `${days} days: stored ${fmt(times.stored)}, live ${fmt(times.live)} p50/p95 (${SAMPLES} samples each, load ${loads.join(' → ')}); answers identical`,
    );
  }
} finally {
  await running.close();
  await database.close();
}
