import { ConflictError, NetworkError, ValidationError } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n';
import { errorText, fieldErrors, isStatus, problemKind } from './errors';

const problem = (status: number, extra: Record<string, unknown> = {}) => ({
  type: 'https://shopfloor.dev/problems/bad-request',
  title: 'Bad request',
  status,
  ...extra,
});

describe('what a failed call shows', () => {
  it("shows the server's detail, else its title, else the SDK's message", () => {
    const withDetail = new ValidationError('x', {
      status: 400,
      problem: problem(400, { detail: 'qty: too small' }),
    });
    expect(errorText(withDetail)).toBe('qty: too small');
    expect(errorText(new ValidationError('x', { status: 400, problem: problem(400) }))).toBe('Bad request');
    expect(errorText(new Error('boom'))).toBe('boom');
  });

  it('says the server cannot be reached when no answer came', () => {
    setLocale('zh-CN');
    expect(errorText(new NetworkError('GET /items: fetch failed'))).toBe('连不上服务器，请检查网络后重试');
  });

  it('reads the kind of a conflict from the last segment of the problem type', () => {
    const inUse = new ConflictError('x', {
      status: 409,
      problem: { ...problem(409), type: 'https://shopfloor.dev/problems/in-use' },
    });
    expect(problemKind(inUse)).toBe('in-use');
    expect(isStatus(inUse, 409)).toBe(true);
    expect(problemKind(new Error('x'))).toBeUndefined();
  });
});

describe('field errors on the form', () => {
  it('turns dotted paths into form names, list indexes as numbers, two messages on one field kept together', () => {
    const error = new ValidationError('x', {
      status: 400,
      problem: problem(400, {
        errors: [
          { path: 'operations.1.seq', message: 'duplicate seq' },
          { path: 'body.code', message: 'required' },
          { path: 'code', message: 'too long' },
        ],
      }),
    });
    expect(fieldErrors(error)).toEqual([
      { name: ['operations', 1, 'seq'], errors: ['duplicate seq'] },
      { name: ['code'], errors: ['required', 'too long'] },
    ]);
  });

  it('keeps only the fields the form has when asked', () => {
    const error = new ValidationError('x', {
      status: 400,
      problem: problem(400, { errors: [{ path: 'header.Idempotency-Key', message: 'bad length' }] }),
    });
    expect(fieldErrors(error, (name) => name[0] === 'code')).toEqual([]);
    expect(fieldErrors(new Error('no problem'))).toEqual([]);
  });
});
