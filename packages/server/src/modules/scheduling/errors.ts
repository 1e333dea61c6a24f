export type SchedulingErrorCode = 'no-working-time' | 'bad-operation' | 'unknown-work-center';

/** What the planner cannot do, with a machine code and the values a message needs. */
export class SchedulingError extends Error {
  constructor(
    readonly code: SchedulingErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'SchedulingError';
  }
}
