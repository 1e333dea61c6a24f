const WHOLE = /^\d+$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Orders two source versions of one record: whole numbers by value (9 < 10), ISO dates and
 * instants by time (a row's last-modified stamp), anything else as text. Negative: a is older.
 */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  if (WHOLE.test(a) && WHOLE.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (INSTANT.test(a) && INSTANT.test(b)) {
    const x = Date.parse(a);
    const y = Date.parse(b);
    if (!Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x < y ? -1 : 1;
  }
  return a < b ? -1 : 1;
}
