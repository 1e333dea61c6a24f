import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  ForbiddenError,
  IdempotencyMismatchError,
  isRetryable,
  NetworkError,
  NotFoundError,
  ResponseValidationError,
  ServerError,
  ServiceDegradedError,
  ShopfloorError,
  TimeoutError,
  TooManyRequestsError,
  ValidationError,
} from '../src/index.js';
import { problem } from './fixtures.js';

describe('isRetryable', () => {
  it.each([
    ['a network failure', new NetworkError('offline')],
    ['a timeout', new TimeoutError('slow')],
    ['a 500', new ServerError('boom', { status: 500 })],
    ['a 503', new ServiceDegradedError('read-only', { status: 503 })],
    ['a 429', new TooManyRequestsError('slow down', { status: 429 })],
    [
      'a 409 for a key still in flight',
      new ConflictError('in flight', {
        status: 409,
        problem: problem(409, 'Idempotency in flight', {
          type: 'https://shopfloor.dev/problems/idempotency-in-flight',
        }),
      }),
    ],
  ])('retries %s', (_, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    ['a 400', new ValidationError('bad', { status: 400 })],
    ['a 401', new AuthError('expired', { status: 401 })],
    ['a 403', new ForbiddenError('not your workshop', { status: 403 })],
    ['a 404', new NotFoundError('no such work order', { status: 404 })],
    [
      'a stock conflict',
      new ConflictError('below zero', { status: 409, problem: problem(409, 'Stock conflict') }),
    ],
    ['a reused key', new IdempotencyMismatchError('other body', { status: 422 })],
    [
      'a response that breaks the contract',
      new ResponseValidationError('bad answer', { errors: [], body: {} }),
    ],
    ['an unrelated error', new Error('bug')],
    ['a thrown string', 'oops'],
  ])('does not retry %s', (_, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});

describe('the error classes', () => {
  it('are all ShopfloorErrors named after their class', () => {
    const error = new ForbiddenError('no', { status: 403 });
    expect(error).toBeInstanceOf(ShopfloorError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ForbiddenError');
  });

  it('take the field errors of a validation error from its problem', () => {
    const errors = [{ path: 'lines.0.qty', message: 'must be positive' }];
    const error = new ValidationError('bad', {
      status: 400,
      problem: problem(400, 'Bad request', { errors }),
    });
    expect(error.errors).toEqual(errors);
  });

  it('accept a relative in-flight problem type', () => {
    const inFlight = new ConflictError('x', {
      problem: problem(409, 'x', { type: 'idempotency-in-flight' }),
    });
    expect(inFlight.inFlight).toBe(true);
  });
});
