import { DEFAULT_CALENDAR, parseCalendar } from '@shopfloor/sdk/admin';
import { describe, expect, it } from 'vitest';
import {
  CompiledCalendar,
  DEFAULT_SCHEDULE_CALENDAR,
  dueInstant,
  isLate,
  lateness,
  type OperationProgress,
  type OperationToPlan,
  operationDuration,
  parseSchedulingSettings,
  plan,
  planBackward,
  planForward,
  replan,
  SchedulingError,
  WorkCenters,
  workCenterLoad,
} from '../src/modules/scheduling/index.js';

/** Asia/Shanghai wall-clock time → instant, and back (to the minute). */
const sh = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const wall = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const minute = (text: string) => sh(text).getTime() / 60_000;

const op = (
  seq: number,
  workCenter: string | null,
  minutes: number,
  extra: Partial<OperationToPlan> = {},
) => ({
  seq,
  workCenter,
  setupMinutes: 0,
  standardMinutes: minutes,
  quantity: 1,
  ...extra,
});

// 2026: National Day and Mid-Autumn together, 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 worked.
const NATIONAL_DAY = parseCalendar(
  '周一至周五 08:00-12:00 13:00-17:00; 休 2026-10-01..2026-10-07; 班 2026-09-20,2026-10-10',
);
const PAINT_LINE = parseCalendar('周一至周六 08:00-12:00 13:00-17:00 20:00-04:00');

const centers = new WorkCenters([
  { code: 'ASM-01', calendar: DEFAULT_CALENDAR, stations: 1 },
  { code: 'SAW-01', calendar: parseCalendar('周一至周六 08:00-12:00 13:00-17:00'), stations: 2 },
  { code: 'HOLIDAY', calendar: NATIONAL_DAY, stations: 1 },
  { code: 'SPRAY-01', calendar: PAINT_LINE, stations: 1 },
]);

describe('worked examples on real dates', () => {
  it('released Friday 16:00, 300 minutes on a Monday-to-Friday centre end Monday 12:00', () => {
    const s = planForward(sh('2026-12-04 16:00'), [op(10, 'ASM-01', 300)], centers);
    expect(wall(s.operations[0]!.plannedStart)).toBe('2026-12-04 16:00');
    expect(wall(s.operations[0]!.plannedEnd)).toBe('2026-12-07 12:00');
    expect(s.operations[0]!.workingMinutes).toBe(300);
  });

  it('on the default calendar (the SDK default, Monday to Friday) the same work ends Monday 12:00', () => {
    const s = planForward(sh('2026-12-04 16:00'), [op(10, null, 300)], centers);
    expect(wall(s.end)).toBe('2026-12-07 12:00');
    expect(s.operations[0]!.workCenter).toBeNull();
  });

  it('a chain waits for its predecessor, each on its own calendar', () => {
    const s = planForward(sh('2026-12-04 16:00'), [op(10, 'SAW-01', 120), op(20, 'ASM-01', 60)], centers);
    expect(s.operations.map((o) => [wall(o.plannedStart), wall(o.plannedEnd)])).toEqual([
      ['2026-12-04 16:00', '2026-12-05 09:00'],
      ['2026-12-07 08:00', '2026-12-07 09:00'],
    ]);
  });

  it('National Day 2026: work released the day before waits the seven days off', () => {
    const s = planForward(sh('2026-09-30 15:00'), [op(10, 'HOLIDAY', 600)], centers);
    expect(wall(s.end)).toBe('2026-10-08 17:00');
  });

  it('the make-up Saturday 10-10 and Sunday 09-20 are worked', () => {
    expect(wall(planForward(sh('2026-10-09 13:00'), [op(10, 'HOLIDAY', 600)], centers).end)).toBe(
      '2026-10-10 15:00',
    );
    const sunday = planForward(sh('2026-09-19 10:00'), [op(10, 'HOLIDAY', 60)], centers);
    expect([wall(sunday.start), wall(sunday.end)]).toEqual(['2026-09-20 08:00', '2026-09-20 09:00']);
  });

  it('backward from a due date after the holiday starts before it, at a shift start', () => {
    expect(wall(dueInstant('2026-10-08'))).toBe('2026-10-09 00:00');
    const s = planBackward(dueInstant('2026-10-08'), [op(10, 'HOLIDAY', 600)], centers);
    expect([wall(s.start), wall(s.end)]).toEqual(['2026-09-30 15:00', '2026-10-08 17:00']);
  });

  it('plans backward when there is room, forward and late when there is not', () => {
    const roomy = plan(sh('2026-09-28 08:00'), dueInstant('2026-10-08'), [op(10, 'HOLIDAY', 600)], centers);
    expect(roomy).toMatchObject({ direction: 'backward', late: false });
    expect(wall(roomy.start)).toBe('2026-09-30 15:00');
    const tight = plan(sh('2026-10-08 08:00'), dueInstant('2026-10-08'), [op(10, 'HOLIDAY', 600)], centers);
    expect(tight).toMatchObject({ direction: 'forward', late: true });
    expect(wall(tight.end)).toBe('2026-10-09 10:00');
  });

  it('a night shift runs past midnight, and only when its evening is a working day', () => {
    const s = planForward(sh('2026-12-05 19:00'), [op(10, 'SPRAY-01', 600)], centers);
    // Saturday night to Sunday 04:00 (480), Sunday's own night is off, then Monday 08:00–10:00.
    expect([wall(s.start), wall(s.end)]).toEqual(['2026-12-05 20:00', '2026-12-07 10:00']);
    const paint = new CompiledCalendar(PAINT_LINE);
    expect(paint.isWorking(minute('2026-12-07 02:00'))).toBe(false);
    // The night before a holiday still ends in the holiday's morning.
    const beforeHoliday = new CompiledCalendar({ ...PAINT_LINE, holidays: ['2026-10-01'] });
    expect(beforeHoliday.isWorking(minute('2026-10-01 03:00'))).toBe(true);
    expect(beforeHoliday.isWorking(minute('2026-10-01 09:00'))).toBe(false);
    expect(beforeHoliday.isWorking(minute('2026-10-01 21:00'))).toBe(false);
  });

  it('splits the quantity across stations, each set up once', () => {
    expect(operationDuration({ seq: 10, setupMinutes: 30, standardMinutes: 10, quantity: 5 }, 2)).toEqual({
      stations: 2,
      workingMinutes: 60,
      loadMinutes: 110,
    });
    expect(
      operationDuration({ seq: 10, setupMinutes: 30, standardMinutes: 10, quantity: 1 }, 4).stations,
    ).toBe(1);
    expect(operationDuration({ seq: 10, setupMinutes: 30, standardMinutes: 10, quantity: 2.5 }, 2)).toEqual({
      stations: 2,
      workingMinutes: 43,
      loadMinutes: 85,
    });
    expect(
      operationDuration({ seq: 10, setupMinutes: 0, standardMinutes: 0.1, quantity: 30 }, 1).workingMinutes,
    ).toBe(3);
  });

  it('replans the rest from now: the started operation without its setup', () => {
    const ops = [
      op(10, 'ASM-01', 10, { setupMinutes: 30, quantity: 10 }),
      op(20, 'ASM-01', 5, { setupMinutes: 20, quantity: 10 }),
      op(30, 'ASM-01', 5, { quantity: 10 }),
    ];
    const s = replan(
      sh('2026-12-07 10:00'),
      ops,
      new Map([
        [10, 10],
        [20, 6],
      ]),
      centers,
      sh('2026-12-07 10:30'),
    );
    expect(s.operations.map((o) => [o.seq, o.workingMinutes])).toEqual([
      [20, 20],
      [30, 50],
    ]);
    expect(wall(s.end)).toBe('2026-12-07 11:10');
    expect(s.late).toBe(true);
  });

  it('shows the load per day, a night shift on both dates, overloads where planned exceeds available', () => {
    const night = planForward(sh('2026-12-05 19:00'), [op(10, 'SPRAY-01', 600)], centers);
    const rows = workCenterLoad(night.operations, centers, { from: '2026-12-05', to: '2026-12-07' }).filter(
      (r) => r.workCenter === 'SPRAY-01',
    );
    expect(rows).toEqual([
      {
        workCenter: 'SPRAY-01',
        date: '2026-12-05',
        plannedMinutes: 240,
        availableMinutes: 960,
        overloaded: false,
      },
      {
        workCenter: 'SPRAY-01',
        date: '2026-12-06',
        plannedMinutes: 240,
        availableMinutes: 240,
        overloaded: false,
      },
      {
        workCenter: 'SPRAY-01',
        date: '2026-12-07',
        plannedMinutes: 120,
        availableMinutes: 720,
        overloaded: false,
      },
    ]);
    // Two work orders planned on infinite capacity on the one-station assembly line the same Monday.
    const a = planForward(sh('2026-12-07 08:00'), [op(10, 'ASM-01', 480)], centers);
    const b = planForward(sh('2026-12-07 08:00'), [op(10, 'ASM-01', 240)], centers);
    const monday = workCenterLoad([...a.operations, ...b.operations], centers, {
      from: '2026-12-07',
      to: '2026-12-07',
    }).find((r) => r.workCenter === 'ASM-01');
    expect(monday).toEqual({
      workCenter: 'ASM-01',
      date: '2026-12-07',
      plannedMinutes: 720,
      availableMinutes: 480,
      overloaded: true,
    });
    // Two stations double what the saw can take in a day.
    const saw = workCenterLoad([], centers, { from: '2026-12-07', to: '2026-12-07' }).find(
      (r) => r.workCenter === 'SAW-01',
    );
    expect(saw?.availableMinutes).toBe(960);
  });
});

describe('lateness', () => {
  const calendar = new CompiledCalendar(DEFAULT_CALENDAR);
  const started: OperationProgress = {
    done: false,
    plannedEnd: null,
    actualStart: sh('2026-12-07 08:00'),
    setupMinutes: 30,
    standardMinutes: 10,
    quantity: 20,
    reported: 5,
  };

  it('is late when working time exceeds (setup + standard × quantity so far) × 1.5', () => {
    // 5 reported and one in hand: (30 + 10 × 6) × 1.5 = 135 working minutes.
    expect(lateness(started, sh('2026-12-07 10:15'), calendar)).toEqual({
      late: false,
      reason: null,
      elapsedMinutes: 135,
      allowedMinutes: 135,
    });
    expect(lateness(started, sh('2026-12-07 10:16'), calendar)).toMatchObject({ late: true, reason: 'slow' });
  });

  it('counts only working time: lunch, the night and the weekend do not make it late', () => {
    const friday = { ...started, actualStart: sh('2026-12-04 16:00') };
    expect(lateness(friday, sh('2026-12-07 08:30'), calendar).elapsedMinutes).toBe(90);
    expect(isLate(friday, sh('2026-12-07 08:30'), calendar)).toBe(false);
    expect(isLate(friday, sh('2026-12-07 08:30'), calendar, 1)).toBe(false);
    expect(isLate(friday, sh('2026-12-07 08:31'), calendar, 1)).toBe(true);
    expect(lateness(started, sh('2026-12-07 13:10'), calendar).elapsedMinutes).toBe(250);
  });

  it('is late once the planned end has passed, started or not; never when done or not yet due', () => {
    const planned = { ...started, actualStart: null, reported: 0, plannedEnd: sh('2026-12-07 09:00') };
    expect(isLate(planned, sh('2026-12-07 09:00'), calendar)).toBe(false);
    expect(lateness(planned, sh('2026-12-07 09:01'), calendar)).toMatchObject({
      late: true,
      reason: 'past-planned-end',
      allowedMinutes: null,
    });
    expect(isLate({ ...planned, done: true }, sh('2026-12-08 09:01'), calendar)).toBe(false);
    expect(isLate({ ...planned, plannedEnd: null }, sh('2026-12-31 09:01'), calendar)).toBe(false);
  });

  it('divides by the stations working at once', () => {
    const two = { ...started, stations: 2, reported: 4 };
    // Four reported, one in hand on each of two stations: (30 + 10 × 6 / 2) × 1.5 = 90.
    expect(lateness(two, sh('2026-12-07 09:30'), calendar).allowedMinutes).toBe(90);
  });
});

describe('settings and refusals', () => {
  it('defaults to Monday to Friday 08:00–12:00, 13:00–17:00 (the SDK default) and a tolerance of 1.5', () => {
    expect(DEFAULT_SCHEDULE_CALENDAR).toBe(DEFAULT_CALENDAR);
    expect(parseSchedulingSettings({})).toEqual({
      value: {
        defaultCalendar: {
          workdays: [1, 2, 3, 4, 5],
          shifts: [
            { start: '08:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ],
        },
        lateTolerance: 1.5,
      },
      problems: [],
    });
  });

  it('reads a calendar cell and a factor, and names a bad one', () => {
    const ok = parseSchedulingSettings({
      SHOPFLOOR_DEFAULT_CALENDAR: 'Mon-Fri 08:00-17:00; holiday 2026-10-01..2026-10-07',
      SHOPFLOOR_LATE_TOLERANCE: '2',
    });
    expect(ok.problems).toEqual([]);
    expect(ok.value.lateTolerance).toBe(2);
    expect(ok.value.defaultCalendar.holidays).toHaveLength(7);
    const bad = parseSchedulingSettings({
      SHOPFLOOR_DEFAULT_CALENDAR: 'Mon-Fri 8h',
      SHOPFLOOR_LATE_TOLERANCE: '0.5',
    });
    expect(bad.problems).toEqual([
      "SHOPFLOOR_DEFAULT_CALENDAR: shift '8h' must look like 08:00-17:00",
      "SHOPFLOOR_LATE_TOLERANCE: '0.5' is not a factor from 1 to 10",
    ]);
    expect(bad.value.lateTolerance).toBe(1.5);
  });

  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      if (error instanceof SchedulingError) return error.code;
      throw error;
    }
    return 'no error';
  };

  it('refuses a calendar without working time, an unknown work center and a negative quantity', () => {
    const none = new WorkCenters([
      {
        code: 'MON',
        calendar: { workdays: [1], shifts: [{ start: '08:00', end: '17:00' }], holidays: [] },
        stations: 1,
      },
      { code: 'EMPTY', calendar: { workdays: [], shifts: [{ start: '08:00', end: '17:00' }] }, stations: 1 },
    ]);
    expect(code(() => planForward(sh('2026-12-07 08:00'), [op(10, 'EMPTY', 10)], none))).toBe(
      'no-working-time',
    );
    expect(code(() => planBackward(sh('2026-12-07 08:00'), [op(10, 'EMPTY', 10)], none))).toBe(
      'no-working-time',
    );
    expect(code(() => planForward(sh('2026-12-07 08:00'), [op(10, 'LATHE', 10)], none))).toBe(
      'unknown-work-center',
    );
    expect(code(() => planForward(sh('2026-12-07 08:00'), [op(10, 'MON', 10, { quantity: -1 })], none))).toBe(
      'bad-operation',
    );
  });
});
