/**
 * The scheduling core on its own (`pnpm bench` section `scheduling`): the demo plant's six work
 * centers: a calendar query, one work order of six operations, a day's release of 2,000 work orders,
 * and their load over 30 days. Goal: 2,000 work orders planned in under 1 s (a release of a day's
 * orders must not hold the request).
 */
import { parseCalendar } from '../packages/sdk/src/admin/calendar.js';
import {
  CompiledCalendar,
  type OperationToPlan,
  type PlannedOperation,
  plan,
  WorkCenters,
  workCenterLoad,
} from '../packages/server/src/modules/scheduling/index.js';
import { keepAlive, measure, type Timing } from './measure.js';
import { type BenchSection, formatCount, table } from './report.js';

const GOAL_MS = 1_000;
const DAY = parseCalendar(
  '周一至周六 08:00-12:00 13:00-17:00; 休 2026-10-01..2026-10-07; 班 2026-09-20,2026-10-10',
);
const NIGHT = parseCalendar('周一至周六 08:00-12:00 13:00-17:00 20:00-04:00; 休 2026-10-01..2026-10-07');
const centers = new WorkCenters([
  { code: 'SAW-01', calendar: DAY, stations: 2 },
  { code: 'EDGE-01', calendar: DAY, stations: 1 },
  { code: 'DRILL-01', calendar: DAY, stations: 2 },
  { code: 'SPRAY-01', calendar: NIGHT, stations: 1 },
  { code: 'ASM-01', calendar: DAY, stations: 4 },
  { code: 'PACK-01', calendar: DAY, stations: 2 },
]);
const routing = (qty: number): OperationToPlan[] =>
  ['SAW-01', 'EDGE-01', 'DRILL-01', 'SPRAY-01', 'ASM-01', 'PACK-01'].map((workCenter, i) => ({
    seq: (i + 1) * 10,
    workCenter,
    setupMinutes: 20 + i * 5,
    standardMinutes: 1.5 + i,
    quantity: qty,
  }));

const release = new Date('2026-09-28T08:00:00+08:00');
const due = (days: number) => new Date(release.getTime() + days * 86_400_000);
const shown = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`);

type Row = { name: string; timing: Timing };
const row = (name: string, timing: Timing): Row => ({ name, timing });

function measureAll(): { rows: Row[]; orderMs: number } {
  const rows: Row[] = [];
  const calendar = new CompiledCalendar(DAY);
  const start = release.getTime() / 60_000;
  let k = 0;
  rows.push(
    row(
      'addWorking (one calendar, 1–20,000 min)',
      measure(() => calendar.addWorking(start + (k++ % 5000), 1 + ((k * 7919) % 20_000)), {
        warmup: 50,
        samples: 200,
        batch: 1000,
      }),
    ),
  );
  rows.push(
    row(
      'plan one work order (6 operations)',
      measure(() => plan(release, due(k++ % 30), routing(50 + (k % 200)), centers), {
        warmup: 50,
        samples: 200,
        batch: 100,
      }),
    ),
  );
  const orders = 2000;
  let planned: PlannedOperation[] = [];
  rows.push(
    row(
      `plan ${orders} work orders`,
      measure(
        () => {
          planned = [];
          for (let i = 0; i < orders; i++)
            planned.push(...plan(release, due(3 + (i % 25)), routing(20 + (i % 300)), centers).operations);
          return planned;
        },
        { warmup: 2, samples: 10 },
      ),
    ),
  );
  rows.push(
    row(
      `load of ${planned.length} operations × 6 centres × 30 days`,
      measure(() => workCenterLoad(planned, centers, { from: '2026-09-28', to: '2026-10-27' }), {
        warmup: 2,
        samples: 10,
      }),
    ),
  );
  keepAlive(planned);
  return { rows, orderMs: rows[2]!.timing.medianMs };
}

export const schedulingSection: BenchSection = {
  name: 'scheduling',
  title: 'Scheduling: planning work orders on work-center calendars',
  async run(log) {
    log('scheduling: calendars, one order, 2,000 orders, 30-day load');
    const { rows, orderMs } = measureAll();
    const markdown = [
      "Input: the demo plant's six work centers (a day calendar Mon–Sat with the National Day holiday and two make-up days; one night-shift center), routings of six operations with setup and standard minutes; backward from the due date when there is room, else forward (`packages/server/src/modules/scheduling`). In process, no database.",
      '',
      table(
        ['operation', 'median', 'p95'],
        rows.map((r) => [r.name, shown(r.timing.medianMs), shown(r.timing.p95Ms)]),
      ),
    ].join('\n');
    return {
      markdown,
      goals: [
        {
          goal: `plan ${formatCount(2000)} work orders of 6 operations`,
          target: `< ${GOAL_MS} ms`,
          measured: shown(orderMs),
          pass: orderMs < GOAL_MS,
        },
      ],
      summary: [`scheduling: 2,000 work orders planned in ${shown(orderMs)} (median)`],
    };
  },
};
