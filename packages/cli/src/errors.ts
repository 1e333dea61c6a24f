/** Exit codes: documented in docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** The command ran and the answer is "no": `bom check` found errors. */
  checkFailed: 1,
  /** Unusable input: bad arguments, unreadable file, a BOM the engine rejects. */
  badInput: 2,
  /** A bug in shopfloor itself. */
  internal: 70,
} as const;

/** Bad input the user can fix; printed as one `error: …` line, exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A command line we do not understand; the message ends with where to find the usage. */
export class UsageError extends InputError {
  constructor(message: string, helpCommand: string) {
    super(`${message} (see '${helpCommand} --help')`);
    this.name = 'UsageError';
  }
}
