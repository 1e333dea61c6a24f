/**
 * The year's shape: a weight per day (spring and autumn busy, summer and Sundays slow, the Chinese
 * New Year and National Day weeks nearly stopped), turned into buckets so SQL maps a fraction of
 * the year's rows to a day with one equality join.
 */
const DAY_MS = 86_400_000;

/** 春节 (first day of the lunar year) by Gregorian year. */
const SPRING_FESTIVAL: Record<number, string> = {
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};

const MONTH_WEIGHT = [1, 1, 1.25, 1.3, 1.25, 1, 0.85, 0.85, 1.25, 1.3, 1.25, 1.05];

export function dayWeight(date: string): number {
  const d = new Date(`${date}T00:00:00Z`);
  let w = MONTH_WEIGHT[d.getUTCMonth()]!;
  if (d.getUTCDay() === 0) w *= 0.35;
  // The festival falls between 21 January and 20 February, so only the same year's matters.
  const festival = SPRING_FESTIVAL[d.getUTCFullYear()];
  if (festival) {
    const off = (d.getTime() - new Date(`${festival}T00:00:00Z`).getTime()) / DAY_MS;
    if (off >= -5 && off <= 9) return w * 0.12;
  }
  if (d.getUTCMonth() === 9 && d.getUTCDate() <= 7) w *= 0.4;
  return w;
}

/** True when the day is in the Spring Festival break (for tests and docs). */
export function isSpringFestival(date: string): boolean {
  return dayWeight(date) < 0.2;
}

export const BUCKETS = 10_000;

/** The 365 days ending `today` and, for each of BUCKETS equal shares of the year's rows, its day index. */
export function yearBuckets(today: string): { first: string; days: string[]; bucketDay: number[] } {
  const end = new Date(`${today}T00:00:00Z`).getTime();
  const days = Array.from({ length: 365 }, (_, i) =>
    new Date(end - (364 - i) * DAY_MS).toISOString().slice(0, 10),
  );
  const weights = days.map(dayWeight);
  const total = weights.reduce((a, b) => a + b, 0);
  const bucketDay: number[] = [];
  let day = 0;
  let upTo = weights[0]! / total;
  for (let b = 0; b < BUCKETS; b++) {
    const q = (b + 0.5) / BUCKETS;
    while (q > upTo && day < 364) upTo += weights[++day]! / total;
    bucketDay.push(day);
  }
  return { first: days[0]!, days, bucketDay };
}
