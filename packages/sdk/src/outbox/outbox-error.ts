export type OutboxErrorCode = 'BAD_COMMAND' | 'UNKNOWN_DEAD_LETTER' | 'NO_RANDOM_SOURCE';

/** Misuse of the outbox API (never a delivery failure: those become state, not exceptions). */
export class OutboxError extends Error {
  readonly code: OutboxErrorCode;

  constructor(code: OutboxErrorCode, message: string) {
    super(message);
    this.name = 'OutboxError';
    this.code = code;
  }
}
