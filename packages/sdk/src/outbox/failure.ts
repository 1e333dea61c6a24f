import {
  AuthError,
  isRetryable,
  NetworkError,
  ResponseValidationError,
  ShopfloorError,
  ValidationError,
} from '../errors/index.js';
import type { OutboxFailure } from './types.js';

/**
 * What a failed attempt means for the command:
 * - `retry`: keep it, back off (network, timeout, 429, 5xx, 409 in flight, and unknown errors —
 *   an exception the outbox cannot classify must not cost a report);
 * - `pause`: keep it and stop sending in this run, since every other command would fail the same
 *   way (401: the user must sign in again; a network error while the host says it is offline);
 * - `dead`: the server rejected it for good (other 4xx): park it as a dead letter.
 */
export type FailureOutcome = 'retry' | 'pause' | 'dead';

export function classifyFailure(error: unknown, online: () => boolean): FailureOutcome {
  if (error instanceof AuthError) return 'pause';
  if (error instanceof NetworkError && !online()) return 'pause';
  if (isRetryable(error) || !(error instanceof ShopfloorError)) return 'retry';
  return 'dead';
}

/** The serialisable part of an error, with the server's problem detail and field errors. */
export function describeFailure(error: unknown, at: string): OutboxFailure {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), at };
  const failure: OutboxFailure = { name: error.name, message: error.message, at };
  if (error instanceof ShopfloorError) {
    const problem = error.problem;
    const errors = error instanceof ValidationError ? error.errors : problem?.errors;
    if (error.status !== undefined) failure.status = error.status;
    if (problem?.type !== undefined) failure.type = problem.type;
    if (problem?.title !== undefined) failure.title = problem.title;
    if (problem?.detail !== undefined) failure.detail = problem.detail;
    if (errors && errors.length > 0) failure.errors = errors;
    if (problem?.params !== undefined) failure.params = { ...problem.params };
  }
  return failure;
}

/**
 * A 2xx answer whose body the client could not read (a proxy's HTML, a newer server's shape) still
 * means the server accepted the command: dead-lettering it would invite a duplicate on resend.
 */
export function wasAccepted(error: unknown): boolean {
  const status = error instanceof ResponseValidationError ? error.status : undefined;
  return status !== undefined && status >= 200 && status < 300;
}
