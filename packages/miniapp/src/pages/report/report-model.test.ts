import type { DeadLetter, OutboxEntry, WorkOrder } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  draftFromBody,
  operationFigures,
  parseQty,
  type ReportDraft,
  refusalFor,
  reportPath,
  stepQty,
  submissionStatus,
  todayInShanghai,
  toReportBody,
} from './report-model';

const op = (seq: number, goodQty: number, scrapQty = 0) => ({
  seq,
  name: `工序${seq}`,
  workshop: 'WS-ASM',
  status: 'in-progress' as const,
  goodQty,
  scrapQty,
});
const order: WorkOrder = {
  no: 'WO-1',
  item: 'TABLE',
  qty: 50,
  due: '2026-12-05',
  status: 'in-progress',
  operations: [op(10, 40, 2), op(20, 12, 1), op(30, 0)],
};
const pending = (seq: number, goodQty: number, scrapQty = 0): OutboxEntry => ({
  id: `e-${seq}-${goodQty}`,
  seq: 1,
  kind: 'operation-report',
  method: 'POST',
  path: reportPath('WO-1', seq),
  body: { goodQty, scrapQty, deviceTime: '2026-12-01T08:00:00.000Z' },
  idempotencyKey: 'k',
  capturedAt: '2026-12-01T08:00:00.000Z',
  attempts: 0,
  nextAttemptAt: 0,
  lastError: null,
});
const draft = (over: Partial<ReportDraft> = {}): ReportDraft => ({
  good: '5',
  scrap: '0',
  scrapReason: '',
  consumedLots: [],
  producedLot: '',
  ...over,
});

describe('operation figures', () => {
  it('opens the first operation up to the order quantity', () => {
    expect(operationFigures(order, 10)).toMatchObject({ target: 50, good: 40, scrap: 2, available: 8 });
  });

  it('opens a later operation up to what the previous one made good', () => {
    const figures = operationFigures(order, 20)!;
    expect(figures.previous?.seq).toBe(10);
    expect(figures.available).toBe(40 - 12 - 1);
  });

  it("counts this phone's unsent reports of the same operation, and only those", () => {
    const figures = operationFigures(order, 20, [pending(20, 5, 1), pending(10, 3), pending(20, 2)])!;
    expect(figures).toMatchObject({
      good: 19,
      scrap: 2,
      pendingGood: 7,
      pendingScrap: 1,
      available: 40 - 19 - 2,
    });
  });

  it('never opens a negative quantity, and knows no unknown operation', () => {
    expect(operationFigures(order, 30, [pending(30, 20)])!.available).toBe(0);
    expect(operationFigures(order, 99)).toBeUndefined();
  });
});

describe('report draft', () => {
  it('accepts a good quantity alone and sends no reason for no scrap', () => {
    expect(checkDraft(draft()).problems).toEqual({});
    expect(toReportBody(draft({ scrapReason: '尺寸超差' }), new Date('2026-12-01T00:00:00Z'))).toEqual({
      goodQty: 5,
      scrapQty: 0,
      deviceTime: '2026-12-01T00:00:00.000Z',
    });
  });

  it('wants something reported, and a reason for scrap', () => {
    expect(checkDraft(draft({ good: '0' })).problems).toEqual({ good: 'nothingReported' });
    expect(checkDraft(draft({ scrap: '2' })).problems).toEqual({ scrapReason: 'reasonRequired' });
    expect(checkDraft(draft({ good: 'abc', scrap: '-1' })).problems).toEqual({
      good: 'notANumber',
      scrap: 'negative',
    });
  });

  it('round-trips a stored body, so a rejected report can be corrected', () => {
    const body = toReportBody(
      draft({ scrap: '1.5', scrapReason: ' 外观不良 ', consumedLots: [{ lot: 'L1', item: 'LEG', qty: 4 }] }),
      new Date(),
    );
    expect(body).toMatchObject({ goodQty: 5, scrapQty: 1.5, scrapReason: '外观不良' });
    expect(draftFromBody(body)).toEqual(
      draft({ scrap: '1.5', scrapReason: '外观不良', consumedLots: [{ lot: 'L1', item: 'LEG', qty: 4 }] }),
    );
  });

  it('parses and steps quantities without binary artifacts', () => {
    expect(parseQty('')).toBe(0);
    expect(parseQty('0.1234567')).toBe('tooManyDecimals');
    expect(stepQty('0.2', 1)).toBe('1.2');
    expect(stepQty('0.3', -1)).toBe('0');
    expect(stepQty('x', 1)).toBe('1');
  });
});

describe('submission status', () => {
  const letter = {
    ...pending(20, 5),
    id: 'dead',
    reason: { name: 'ConflictError', message: 'm', detail: '工序 10 尚无产出', at: '' },
  } as DeadLetter;

  it('follows a report from saved to sent, and names the reason of a refusal', () => {
    const waiting = [pending(20, 5)];
    const id = waiting[0]!.id;
    expect(submissionStatus(id, waiting, { sending: false, deadLetters: [] }).state).toBe('pending');
    expect(submissionStatus(id, waiting, { sending: true, deadLetters: [] }).state).toBe('sending');
    expect(submissionStatus(id, [], { sending: false, deadLetters: [] }).state).toBe('sent');
    expect(submissionStatus('dead', [], { sending: false, deadLetters: [letter] })).toMatchObject({
      state: 'rejected',
      reason: '工序 10 尚无产出',
    });
  });
});

it('tells the Shanghai date from an instant, whatever the phone zone', () => {
  expect(todayInShanghai(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
  expect(todayInShanghai(Date.parse('2026-11-30T15:59:00Z'))).toBe('2026-11-30');
});

describe('the server refusals, on the phone', () => {
  const draft = (good: string, scrap = '0'): ReportDraft => ({
    good,
    scrap,
    scrapReason: scrap === '0' ? '' : '尺寸超差',
    consumedLots: [],
    producedLot: '',
  });

  it('refuses more than 可报, and anything when 可报 is 0 (out of sequence)', () => {
    expect(checkDraft(draft('99999'), { available: 38 }).problems.good).toBe('overAvailable');
    expect(checkDraft(draft('30', '9'), { available: 38 }).problems.good).toBe('overAvailable');
    expect(checkDraft(draft('38'), { available: 38 }).problems).toEqual({});
    expect(checkDraft(draft('3'), { available: 0 }).problems.good).toBe('outOfSequence');
  });

  it("refuses decimals finer than the item's precision", () => {
    expect(checkDraft(draft('2.5'), { available: 38, precision: 0 }).problems.good).toBe('tooFine');
    expect(checkDraft(draft('2.0'), { available: 38, precision: 0 }).problems).toEqual({});
    expect(checkDraft(draft('2.25'), { available: 38, precision: 1 }).problems.good).toBe('tooFine');
    expect(checkDraft(draft('2.5'), { available: 38, precision: 1 }).problems).toEqual({});
  });

  it('keeps a typed minus as a refusal, never as a positive number', () => {
    expect(parseQty('-3')).toBe('negative');
    expect(checkDraft(draft('-3'), { available: 38 }).problems.good).toBe('negative');
    expect(checkDraft(draft('1', '-1'), { available: 38 }).problems.scrap).toBe('negative');
  });

  it('says an operation of another workshop is not yours (admins report everywhere)', () => {
    const operator = { roles: ['operator'], scopes: { workshops: ['WS-ASM'], warehouses: [] } };
    expect(refusalFor(operator, { workshop: 'WS-ASM' })).toBeUndefined();
    expect(refusalFor(operator, { workshop: 'WS-MACH' })).toEqual({
      kind: 'notYours',
      workshop: 'WS-MACH',
      mine: ['WS-ASM'],
    });
    expect(refusalFor({ roles: ['admin'] }, { workshop: 'WS-MACH' })).toBeUndefined();
  });
});
