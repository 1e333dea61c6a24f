import { roundQty } from '@shopfloor/bom-engine';

/**
 * Quantities as exact scaled integers (value × 10^places, rounded half-up to the unit's precision),
 * so a difference is an integer subtraction: never `0.30000000000000004`.
 */
const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;

/** True for the decimal text a snapshot may carry: `12`, `-3.5`, `.25`, `1e3` (thousands separators are not). */
export function isDecimalText(text: string): boolean {
  if (DECIMAL.test(text)) return /\d/.test(text);
  return /^[-+]?(\d+\.?\d*|\.\d+)e[-+]?\d+$/i.test(text) && Number.isFinite(Number(text));
}

/** A decimal string or number, rounded half-up to `places`, as an integer count of 10^-places. */
export function toScaled(value: string | number, places: number): bigint {
  let text: string;
  if (typeof value === 'number') text = roundQty(value, places).toFixed(places);
  else if (/e/i.test(value)) text = roundQty(Number(value), places).toFixed(places);
  else text = value;
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole = '', frac = ''] = m;
  const kept = frac.slice(0, places).padEnd(places, '0');
  let scaled = BigInt((whole || '0') + kept);
  if ((frac.charCodeAt(places) || 48) >= 53) scaled += 1n;
  return sign === '-' ? -scaled : scaled;
}

/** The scaled integer back as decimal text with `places` decimals, trailing zeros dropped: `-1.5`. */
export function scaledText(scaled: bigint, places: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  const text = frac ? `${whole}.${frac}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/** The JSON number of a scaled quantity: the nearest double to the exact decimal. */
export const scaledNumber = (scaled: bigint, places: number): number => Number(scaledText(scaled, places));
