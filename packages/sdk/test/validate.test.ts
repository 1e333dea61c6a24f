import { describe, expect, it } from 'vitest';
import {
  IssueRequestInput,
  Item,
  OperationReportInput,
  ValidationError,
  validate,
  WorkOrderInput,
} from '../src/index.js';
import * as fx from './fixtures.js';

function fieldMessages(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => `${e.path}: ${e.message}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validate', () => {
  it('returns the parsed value, codes trimmed', () => {
    expect(validate(Item, { ...fx.leg, code: ' LEG ' })).toEqual(fx.leg);
  });

  it('names each bad field with a message a developer can act on', () => {
    expect(
      fieldMessages(() => validate(Item, { ...fx.leg, code: '', type: 'made', safetyStock: '40' })),
    ).toEqual([
      'code: length must be >= 1',
      'type: expected one of make, buy, phantom',
      'safetyStock: expected number, got string',
    ]);
  });

  it('explains the date and date-time formats', () => {
    expect(
      fieldMessages(() => validate(WorkOrderInput, { item: 'TABLE', qty: 5, due: '20.07.2026' })),
    ).toEqual(['due: expected a date YYYY-MM-DD']);
    expect(
      fieldMessages(() =>
        validate(OperationReportInput, { goodQty: 1, scrapQty: 0, deviceTime: '2026-07-10 09:30' }),
      ),
    ).toEqual(['deviceTime: expected an ISO date-time with offset, e.g. 2026-07-01T08:30:00+08:00']);
  });

  it('gives nested paths and bounds', () => {
    const request = { warehouse: 'WH1', lines: [{ item: 'TUBE', qty: 0 }] };
    expect(fieldMessages(() => validate(IssueRequestInput, request))).toEqual([
      'lines.0.qty: value must be > 0',
    ]);
    expect(fieldMessages(() => validate(IssueRequestInput, { warehouse: 'WH1', lines: [] }))).toEqual([
      'lines: number of entries must be >= 1',
    ]);
  });

  it('keeps the messages the schemas define themselves', () => {
    expect(
      fieldMessages(() => validate(WorkOrderInput, { no: 'WO:1', item: 'TABLE', qty: 5, due: '2026-07-20' })),
    ).toEqual(['no: must not contain spaces or ":"']);
  });

  it('says what was validated in the error message', () => {
    expect(() => validate(Item, {}, 'item')).toThrow(/^item: code: expected string, got undefined/);
  });
});
