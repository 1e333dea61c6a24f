import type { WorkCalendar } from '@shopfloor/sdk/admin';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CompiledCalendar,
  type OperationToPlan,
  plan,
  planBackward,
  planForward,
  replan,
  type Schedule,
  WorkCenters,
  workCenterLoad,
} from '../src/modules/scheduling/index.js';

/**
 * The planner against a minute-by-minute oracle written from the rules alone (docs/scheduling.md):
 * a minute works when a shift of a working day covers it, a shift belonging to the day it starts on.
 */
function oracle(calendar: WorkCalendar) {
  const worksCache = new Map<number, boolean>();
  const works = (day: number) => {
    let known = worksCache.get(day);
    if (known === undefined) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      known =
        !calendar.holidays?.includes(date) &&
        (calendar.workdays.includes(weekday) || !!calendar.workingDates?.includes(date));
      worksCache.set(day, known);
    }
    return known;
  };
  const shifts = calendar.shifts.map((s) => {
    const start = Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3));
    const end = Number(s.end.slice(0, 2)) * 60 + Number(s.end.slice(3));
    return [start, end > start ? end : end + 1440] as const;
  });
  const working = (minute: number): boolean => {
    const local = minute + 480;
    const day = Math.floor(local / 1440);
    const into = local - day * 1440;
    for (const [start, end] of shifts) {
      if (works(day) && into >= start && into < end) return true;
      if (works(day - 1) && into + 1440 >= start && into + 1440 < end) return true;
    }
    return false;
  };
  const count = (from: number, to: number) => {
    let n = 0;
    for (let m = from; m < to; m++) if (working(m)) n++;
    return n;
  };
  return { working, count };
}

// 2026-01-01 00:00 +08:00 in epoch minutes, and the 60 days after it where holidays fall.
const WINDOW_START = Date.parse('2026-01-01T00:00:00+08:00') / 60_000;
const WINDOW_DAYS = 60;
const dateIn = fc
  .integer({ min: 0, max: WINDOW_DAYS - 1 })
  .map((d) => new Date(Date.parse('2026-01-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10));
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const shift = fc
  .record({ start: fc.integer({ min: 0, max: 1439 }), length: fc.integer({ min: 30, max: 720 }) })
  .map(({ start, length }) => ({ start: hhmm(start), end: hhmm((start + length) % 1440) }));

/** Any calendar: some weekdays, 1–3 shifts (night shifts and overlaps included), holidays, 调休. */
const calendarArb: fc.Arbitrary<WorkCalendar> = fc.record({
  workdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 7 }),
  shifts: fc.array(shift, { minLength: 1, maxLength: 3 }),
  holidays: fc.uniqueArray(dateIn, { maxLength: 12 }),
  workingDates: fc.uniqueArray(dateIn, { maxLength: 4 }),
});

const instantArb = fc.integer({ min: WINDOW_START, max: WINDOW_START + 40 * 1440 });

describe('a compiled calendar', () => {
  it('says a minute works exactly when the rules say so, night shifts and holidays included', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.array(instantArb, { minLength: 20, maxLength: 20 }),
        (calendar, minutes) => {
          const compiled = new CompiledCalendar(calendar);
          const o = oracle(calendar);
          for (const m of minutes) expect(compiled.isWorking(m)).toBe(o.working(m));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts the working minutes between two instants as the rules do', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.integer({ min: 0, max: 4 * 1440 }),
        (calendar, from, length) => {
          expect(new CompiledCalendar(calendar).workingBetween(from, from + length)).toBe(
            oracle(calendar).count(from, from + length),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('adds N working minutes: exactly N working minutes lie between, and the last one is working', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 3000 }), (calendar, at, n) => {
        const compiled = new CompiledCalendar(calendar);
        const o = oracle(calendar);
        const start = compiled.nextWorking(at);
        expect(start).toBeGreaterThanOrEqual(at);
        expect(o.working(start)).toBe(true);
        expect(o.count(at, start)).toBe(0);
        const end = compiled.addWorking(start, n);
        expect(o.count(start, end)).toBe(n);
        expect(o.working(end - 1)).toBe(true);
        // Backward is the mirror image: n working minutes before the end lead back to the start.
        expect(compiled.subtractWorking(end, n)).toBe(start);
      }),
      { numRuns: 150 },
    );
  });
});

const centerArb = fc.record({
  calendar: calendarArb,
  stations: fc.integer({ min: 1, max: 4 }),
});

const opsArb = (centers: number) =>
  fc
    .array(
      fc.record({
        center: fc.integer({ min: 0, max: centers }),
        setupMinutes: fc.integer({ min: 0, max: 60 }),
        standardMinutes: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom(0.1, 0.25, 1.5)),
        quantity: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(2.5, 0.3)),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((rows) =>
      rows.map(
        (r, i): OperationToPlan => ({
          seq: (i + 1) * 10,
          // The last index means "no work center": the default calendar.
          workCenter: r.center === centers ? null : `WC-${r.center}`,
          setupMinutes: r.setupMinutes,
          standardMinutes: r.standardMinutes,
          quantity: r.quantity,
          owner: i % 2 === 0 ? 'owner-a' : null,
        }),
      ),
    );

const scenarioArb = fc.array(centerArb, { minLength: 1, maxLength: 3 }).chain((list) =>
  fc.record({
    centers: fc.constant(list),
    ops: opsArb(list.length),
    at: instantArb,
    room: fc.integer({ min: 0, max: 20 * 1440 }),
  }),
);

function setUp(list: { calendar: WorkCalendar; stations: number }[]) {
  const centers = new WorkCenters(list.map((c, i) => ({ code: `WC-${i}`, ...c })));
  const oracles = new Map<string | null, ReturnType<typeof oracle>>(
    list.map((c, i) => [`WC-${i}`, oracle(c.calendar)]),
  );
  oracles.set(null, oracle(centers.fallback.calendar.source));
  return { centers, oracles };
}

/**
 * Every operation after its predecessor, every planned minute in its work center's working time;
 * forward plans leave no working minute unused before an operation starts, backward plans none
 * after it ends.
 */
function expectSound(s: Schedule, oracles: Map<string | null, ReturnType<typeof oracle>>, anchor?: number) {
  let previousEnd = Number.NEGATIVE_INFINITY;
  s.operations.forEach((op, i) => {
    const start = op.plannedStart.getTime() / 60_000;
    const end = op.plannedEnd.getTime() / 60_000;
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    if (anchor !== undefined && op.workingMinutes > 0) {
      const o = oracles.get(op.workCenter)!;
      if (s.direction === 'forward') expect(o.count(i === 0 ? anchor : previousEnd, start)).toBe(0);
      else {
        const next = s.operations[i + 1];
        expect(o.count(end, next ? next.plannedStart.getTime() / 60_000 : anchor)).toBe(0);
      }
    }
    expect(end).toBeGreaterThanOrEqual(start);
    const o = oracles.get(op.workCenter)!;
    // The planned minutes are the working minutes of the span: as many as the operation needs,
    // with the first and the last of the span working (no idle edge).
    expect(o.count(start, end)).toBe(op.workingMinutes);
    if (op.workingMinutes > 0) {
      expect(o.working(start)).toBe(true);
      expect(o.working(end - 1)).toBe(true);
    }
    previousEnd = end;
  });
}

describe('planning a work order', () => {
  it('forward: nothing starts before release or its predecessor ends, every minute is working time', () => {
    fc.assert(
      fc.property(scenarioArb, ({ centers: list, ops, at }) => {
        const { centers, oracles } = setUp(list);
        const s = planForward(new Date(at * 60_000), ops, centers);
        expect(s.direction).toBe('forward');
        expect(s.operations.map((o) => o.seq)).toEqual(ops.map((o) => o.seq));
        expect(s.operations[0]!.plannedStart.getTime()).toBeGreaterThanOrEqual(at * 60_000);
        expectSound(s, oracles, at);
      }),
      { numRuns: 150 },
    );
  });

  it('backward: the last operation ends at or before the due instant, with the same soundness', () => {
    fc.assert(
      fc.property(scenarioArb, ({ centers: list, ops, at }) => {
        const { centers, oracles } = setUp(list);
        const s = planBackward(new Date(at * 60_000), ops, centers);
        expect(s.operations.at(-1)!.plannedEnd.getTime()).toBeLessThanOrEqual(at * 60_000);
        expectSound(s, oracles, at);
      }),
      { numRuns: 150 },
    );
  });

  it('plan: backward when it fits after release, else forward and late exactly when it ends after due', () => {
    fc.assert(
      fc.property(scenarioArb, ({ centers: list, ops, at, room }) => {
        const { centers, oracles } = setUp(list);
        const release = new Date(at * 60_000);
        const due = new Date((at + room) * 60_000);
        const s = plan(release, due, ops, centers);
        expectSound(s, oracles);
        expect(s.start.getTime()).toBeGreaterThanOrEqual(release.getTime());
        if (s.direction === 'backward') {
          expect(s.late).toBe(false);
          expect(s.end.getTime()).toBeLessThanOrEqual(due.getTime());
        } else {
          expect(s.late).toBe(s.end.getTime() > due.getTime());
          // Forward only when backward would have started before release.
          expect(planBackward(due, ops, centers).start.getTime()).toBeLessThan(release.getTime());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('replan: only what is left, from now on, each operation reported into set up already', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.integer({ min: 0, max: 14 })),
        ({ centers: list, ops, at }, reported) => {
          const { centers, oracles } = setUp(list);
          const done = new Map(ops.map((o, i) => [o.seq, reported[i] ?? 0]));
          const s = replan(new Date(at * 60_000), ops, done, centers);
          expectSound(s, oracles);
          const left = ops.filter((o) => o.quantity - (done.get(o.seq) ?? 0) > 0);
          expect(s.operations.map((o) => o.seq)).toEqual(left.map((o) => o.seq));
          for (const planned of s.operations) {
            const op = ops.find((o) => o.seq === planned.seq)!;
            const doneQty = done.get(op.seq)!;
            const setup = doneQty > 0 ? 0 : op.setupMinutes;
            expect(planned.loadMinutes).toBeCloseTo(
              setup * planned.stations + op.standardMinutes * (op.quantity - doneQty),
              6,
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('load: the planned minutes of all days add up to the planned operations, per work center', () => {
    fc.assert(
      fc.property(scenarioArb, ({ centers: list, ops, at }) => {
        const { centers } = setUp(list);
        const s = planForward(new Date(at * 60_000), ops, centers);
        const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
        const rows = workCenterLoad(s.operations, centers, { from: day(s.start), to: day(s.end) });
        const byCenter = new Map<string | null, number>();
        for (const op of s.operations) {
          byCenter.set(op.workCenter, (byCenter.get(op.workCenter) ?? 0) + op.loadMinutes);
        }
        for (const [code, total] of byCenter) {
          const loaded = rows
            .filter((r) => r.workCenter === code)
            .reduce((sum, r) => sum + r.plannedMinutes, 0);
          expect(loaded).toBeCloseTo(total, 3);
        }
        for (const r of rows) expect(r.overloaded).toBe(r.plannedMinutes > r.availableMinutes);
      }),
      { numRuns: 100 },
    );
  });
});
