/** Answer checks run before any timing: a benchmark that compares wrong answers is worthless. */

export class WrongAnswerError extends Error {
  override name = 'WrongAnswerError';
}

/**
 * Equal at 6 decimals: within one unit of the 6th decimal (two roundings of the same value may
 * straddle a boundary), plus a relative 1e-9 for the large float sums of per-path explosions.
 */
export function agreeAtSixDecimals(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1.000001e-6 + 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Throws WrongAnswerError naming the first differences when two requirement sets disagree. */
export function assertSameRequirements(
  what: string,
  expected: ReadonlyMap<string, number>,
  actual: ReadonlyMap<string, number>,
): void {
  const problems: string[] = [];
  for (const [item, qty] of expected) {
    const got = actual.get(item);
    if (got === undefined) problems.push(`${item} missing (expected ${qty})`);
    else if (!agreeAtSixDecimals(qty, got)) problems.push(`${item}: expected ${qty}, got ${got}`);
  }
  for (const item of actual.keys()) if (!expected.has(item)) problems.push(`${item} unexpected`);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw new WrongAnswerError(`${what}: ${problems.length} differences, e.g. ${shown}`);
  }
}
