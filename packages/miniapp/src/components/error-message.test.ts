import {
  AuthError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  OperationReportInput,
  ResponseValidationError,
  ServerError,
  ServiceDegradedError,
  ShopfloorError,
  StorageUnavailableError,
  TimeoutError,
  TooManyRequestsError,
  ValidationError,
  validate,
} from '@shopfloor/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldCheckText } from '../i18n/field-checks';
import { errorMessage } from './error-message';

const CJK = /[\u4e00-\u9fff]/;
const ENGLISH = /\b(?:the|is|of|does|not|you|your|with|for|at|got|cannot|only|expected|must|value|failed)\b/i;

/** What the SDK throws when it refuses a body before sending it. */
function refused(body: unknown): ValidationError {
  try {
    validate(OperationReportInput, body, 'report');
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

const report = { goodQty: 1, scrapQty: 0, deviceTime: '2026-12-04T08:00:00+08:00' };

describe('errors in the reader language', () => {
  it('words each refused field by its check, in Chinese and in English', () => {
    const negative = refused({ ...report, goodQty: -3, scrapQty: 5, scrapReason: '毛刺' });
    expect(errorMessage(negative, 'zh-CN')).toBe('良品数不能小于 0');
    expect(errorMessage(negative, 'en')).toBe('Good qty must be at least 0');
    const nothing = refused({ ...report, goodQty: 0 });
    expect(errorMessage(nothing, 'zh-CN')).toBe('良品数和报废数至少填一个大于 0 的数');
    const noReason = refused({ ...report, scrapQty: 2 });
    expect(errorMessage(noReason, 'zh-CN')).toBe('有报废数时须填写报废原因');
    const badTime = refused({ ...report, deviceTime: 'yesterday' });
    expect(errorMessage(badTime, 'zh-CN')).toBe('设备时间格式不对（应为日期时间）');
  });

  it('words a server 400 by its field checks, lines by their row', () => {
    const errors: FieldError[] = [
      {
        path: 'lines.1.qty',
        message: 'value must be > 0',
        code: 'too_small',
        params: { origin: 'number', minimum: 0, exclusive: 1 },
      },
      {
        path: 'comment',
        message: 'length must be <= 500',
        code: 'too_big',
        params: { origin: 'string', maximum: 500 },
      },
    ];
    const problem = {
      type: '/problems/validation',
      title: 'Bad request',
      status: 400,
      detail: 'lines.1.qty: value must be > 0',
      errors,
    };
    const error = new ValidationError(problem.detail, { status: 400, problem });
    expect(errorMessage(error, 'zh-CN')).toBe('第 2 行数量须大于 0；备注最多 500 个字');
    expect(errorMessage(error, 'en')).toBe(
      'Line 2 quantity must be more than 0; Comment takes at most 500 characters',
    );
  });

  it('never shows an English sentence to a Chinese reader, whatever failed', () => {
    const detail = 'work order WO-1 does not exist in the table you asked for';
    const problem = (status: number) => ({ type: '/problems/something-new', title: 'Oops', status, detail });
    const errors = [
      new NetworkError('GET /x: fetch failed'),
      new TimeoutError('GET /x: timed out after 10000 ms'),
      new TooManyRequestsError('slow down', { status: 429, retryAfterMs: 3000, problem: problem(429) }),
      new ServerError('boom', { status: 500, problem: problem(500) }),
      new ServiceDegradedError('degraded', { status: 503 }),
      new ResponseValidationError('GET /x: the answer is not JSON', { errors: [], body: '<html>' }),
      new AuthError('the session token is invalid', { status: 401, problem: problem(401) }),
      new ForbiddenError('no', { status: 403, problem: problem(403) }),
      new NotFoundError('no', { status: 404, problem: problem(404) }),
      new ConflictError('no', { status: 409, problem: problem(409) }),
      new ShopfloorError('no', { status: 418, problem: problem(418) }),
      new StorageUnavailableError('No persistent storage: neither IndexedDB nor localStorage can be used'),
      new TypeError('Cannot read properties of undefined'),
    ];
    for (const error of errors) {
      const zh = errorMessage(error, 'zh-CN');
      expect(zh, error.name).toMatch(CJK);
      expect(zh, error.name).not.toMatch(ENGLISH);
      expect(errorMessage(error, 'en'), error.name).not.toMatch(CJK);
    }
    expect(errorMessage(errors[2], 'zh-CN')).toBe('操作太频繁，请 3 秒后再试（something-new）');
    // the English reader keeps the server's more precise sentence
    expect(errorMessage(errors[8], 'en')).toBe(detail);
  });

  it('words any check on any field without English in Chinese (property)', () => {
    const code = fc.constantFrom(
      'too_small',
      'too_big',
      'invalid_type',
      'invalid_format',
      'invalid_value',
      'unrecognized_keys',
      'custom',
      'not_multiple_of',
    );
    const part = fc.oneof(
      fc.constantFrom('goodQty', 'scrapQty', 'lines', 'qty', 'comment', 'warehouse', 'deviceTime'),
      fc.nat(99).map(String),
    );
    const params = fc.record(
      {
        origin: fc.constantFrom('number', 'string', 'array'),
        minimum: fc.integer({ min: -5, max: 500 }),
        maximum: fc.integer({ min: 0, max: 5000 }),
        exclusive: fc.constant(1),
        expected: fc.constantFrom('number', 'string', 'undefined', 'object'),
        format: fc.constantFrom('datetime', 'date', 'regex'),
        values: fc.constantFrom('draft, submitted', 'pcs'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(code, fc.array(part, { maxLength: 4 }), params, (c, parts, p) => {
        const error = {
          path: parts.join('.'),
          message: 'english words the user never sees',
          code: c,
          params: p,
        };
        const zh = fieldCheckText(error, 'zh-CN');
        const en = fieldCheckText(error, 'en');
        expect(zh).toMatch(CJK);
        expect(zh).not.toMatch(/undefined|english/);
        expect(en).not.toMatch(CJK);
        expect(en).not.toMatch(/undefined/);
      }),
    );
  });
});
