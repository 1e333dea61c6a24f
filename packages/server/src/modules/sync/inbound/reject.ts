import type { RecordProblem } from './records.js';

/** Why a record is not applied: a code a program can switch on, a sentence a person reads. */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly errors?: RecordProblem[],
  ) {
    super(reason);
    this.name = 'Rejection';
  }
}

/** Rejects with one field problem whose message is the reason. */
export function reject(code: string, path: string, reason: string, params?: Record<string, unknown>): never {
  throw new Rejection(code, reason, [{ path, message: reason, code, ...(params ? { params } : {}) }]);
}
