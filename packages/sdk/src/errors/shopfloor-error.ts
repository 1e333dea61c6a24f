import type { Problem } from '../schemas/problem.js';

export interface ShopfloorErrorOptions {
  /** HTTP status of the answer that caused the error; absent for errors raised before or without an answer. */
  status?: number;
  /** The server's problem+json body, when it sent one. */
  problem?: Problem;
  /** Milliseconds the server asked to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** Base of every error the SDK throws: `instanceof ShopfloorError` catches them all. */
export class ShopfloorError extends Error {
  // Spelled out in every class: minifiers rename classes, and `name` is what logs show.
  override name = 'ShopfloorError';
  readonly status: number | undefined;
  readonly problem: Problem | undefined;
  readonly retryAfterMs: number | undefined;
  /** True when sending the same request again later may succeed. */
  readonly retryable: boolean = false;

  constructor(message: string, options: ShopfloorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.problem = options.problem;
    this.retryAfterMs = options.retryAfterMs;
  }
}
