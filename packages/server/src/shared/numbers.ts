import { roundQty } from '@shopfloor/bom-engine';

/** A numeric column (exact decimal string) as the JSON number the API promises: rounded, no artifacts. */
export function qty(value: string | number | null | undefined, places = 6): number {
  if (value === null || value === undefined) return 0;
  return roundQty(Number(value), places);
}

export function optionalQty(value: string | number | null | undefined, places = 6): number | undefined {
  return value === null || value === undefined ? undefined : roundQty(Number(value), places);
}

/**
 * True when `value` is a number with at most `places` decimals, up to binary float noise: what a
 * client sends after computing 0.1 + 0.2 (0.30000000000000004) fits 6 places, 2.0000000000000004
 * fits 0; 1.5 does not fit 0 and 0.1234567 does not fit 6. Store `roundQty(value, places)`, never
 * the value as sent.
 *
 * The test is the SDK's door check for 6 places, for any number of places: the value scaled by
 * 10^places lies within 4 units in the last place (4·ε relative, at least 4·ε absolute) of a whole
 * number. A few arithmetic steps leave an error of a unit or two in the last place; a real extra
 * decimal is off by at least 10^-(places+1), which is billions of times more wherever such a
 * decimal can be told apart at all (|value| well below 10^(15 − places)).
 */
export function fitsPrecision(value: number, places: number): boolean {
  if (!Number.isFinite(value)) return false;
  const scaled = value * 10 ** places;
  const noise = 4 * Number.EPSILON * Math.max(1, Math.abs(scaled));
  return Math.abs(scaled - Math.round(scaled)) <= noise;
}

/** The refusal of a quantity finer than its item's precision, worded alike everywhere. */
export function precisionMessage(
  item: { code: string; uom: string | null | undefined; precision: number },
  got: number,
): string {
  return `${item.code} is counted in ${item.uom || 'its unit'} with at most ${item.precision} decimal places, got ${got}`;
}
