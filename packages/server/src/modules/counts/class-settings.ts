export type ClassNumbers = { A: number; B: number; C: number };

/** Default count cycles in weeks: A items every 2 weeks, B every 6, C every 12. */
export const DEFAULT_CYCLE_WEEKS: ClassNumbers = { A: 2, B: 6, C: 12 };
/** Default tolerance, per cent of the book quantity: A 0.5 %, B 2 %, C 5 %. */
export const DEFAULT_TOLERANCE_PCT: ClassNumbers = { A: 0.5, B: 2, C: 5 };

/**
 * `A=2,B=6,C=12` → { A: 2, B: 6, C: 12 }, classes not named keep their default; a line per bad
 * entry in `problems`. `check` says what a value must be.
 */
export function parseClassNumbers(
  name: string,
  text: string | undefined,
  defaults: ClassNumbers,
  check: { ok: (n: number) => boolean; must: string },
): { value: ClassNumbers; problems: string[] } {
  const value = { ...defaults };
  const problems: string[] = [];
  for (const entry of (text ?? '').split(/[,\s]+/).filter(Boolean)) {
    const match = /^([ABC])[=:](.+)$/.exec(entry);
    const n = match ? Number(match[2]) : Number.NaN;
    if (!match || !check.ok(n)) problems.push(`${name}: '${entry}' is not <class>=<n> with n ${check.must}`);
    else value[match[1] as keyof ClassNumbers] = n;
  }
  return { value, problems };
}

export const cycleCheck = {
  ok: (n: number) => Number.isInteger(n) && n >= 1 && n <= 104,
  must: 'a whole number of weeks from 1 to 104',
};
export const toleranceCheck = {
  ok: (n: number) => Number.isFinite(n) && n >= 0 && n <= 100,
  must: 'a per cent from 0 to 100',
};
