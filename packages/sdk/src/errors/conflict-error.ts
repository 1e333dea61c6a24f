import { PROBLEM_TYPES } from '../schemas/problem.js';
import { ShopfloorError, type ShopfloorErrorOptions } from './shopfloor-error.js';

/**
 * 409: a state or stock conflict (permanent), or the same Idempotency-Key is still being processed
 * (`inFlight`, retryable: the repeat will get the stored answer once the first one completes).
 */
export class ConflictError extends ShopfloorError {
  override name = 'ConflictError';
  readonly inFlight: boolean;
  override readonly retryable: boolean;

  constructor(message: string, options: ShopfloorErrorOptions = {}) {
    super(message, options);
    this.inFlight = isInFlightType(options.problem?.type);
    this.retryable = this.inFlight;
  }
}

/** The problem `type` URI's last segment is `idempotency-in-flight` (absolute or relative URI). */
function isInFlightType(type: string | undefined): boolean {
  const lastSegment = type?.split('/').pop();
  return lastSegment === PROBLEM_TYPES.idempotencyInFlight;
}
