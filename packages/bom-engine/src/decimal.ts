const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/**
 * Half a unit in the last place that 15 significant digits keep, for a scaled value whose integer
 * part has `digits` digits (0 for values below 1): the nearest double to 5 × 10^(digits − 16).
 */
const HALF_LAST_PLACE = Array.from({ length: 15 }, (_, digits) => Number(`5e-${16 - digits}`));

/**
 * Rounds half-up to `places` decimals after first snapping to 15 significant digits, so binary
 * artifacts vanish (0.1 * 3 → 0.3, 2.675 → 2.68) instead of leaking into results.
 */
export function roundQty(value: number, places = 6): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const scale = POW10[places] ?? 10 ** places;
  const raw = value * scale;
  const floor = Math.floor(raw);
  const frac = raw - floor;
  if (Math.abs(raw) < 4e15) {
    // Far from a half and within exact-integer range, plain rounding is already right (the hot path).
    if (frac < 0.4999999 || frac > 0.5000001) return (frac < 0.5 ? floor : floor + 1) / scale + 0;
    const side = sideOfHalf(floor, frac);
    if (side !== 0) return (side > 0 ? floor + 1 : floor) / scale + 0;
  }
  return snapThenRound(raw, scale);
}

/**
 * Near a half, which side of it `raw` (= floor + frac ≥ 0) lands on once snapped to 15 significant
 * digits: 1 at or above, −1 below, 0 when only the decimal conversion can tell. Same answer as
 * `snapThenRound` without formatting a string: snapping reaches the half exactly when `raw` is at
 * least the half minus half a last place, and both `frac` and `frac − 0.5` are exact in doubles.
 */
function sideOfHalf(floor: number, frac: number): number {
  if (floor < 0) return 0;
  let digits = 0;
  while (digits < 15 && floor >= POW10[digits]!) digits++;
  if (digits === 15) return 0;
  const fromHalf = frac - 0.5;
  const threshold = -HALF_LAST_PLACE[digits]!;
  // The threshold's double is the nearest one to the true bound: only equality is undecided.
  if (fromHalf > threshold) return 1;
  if (fromHalf < threshold) return -1;
  return 0;
}

/** The definition: snap `raw` to 15 significant digits, round half away from zero, scale back. */
function snapThenRound(raw: number, scale: number): number {
  const scaled = Number(raw.toPrecision(15));
  const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return rounded / scale + 0;
}

/** Rounds up to a multiple, tolerant of the float noise of the product that precedes it. */
export function ceilToMultiple(value: number, multiple: number): number {
  const ratio = value / multiple;
  const near = Math.round(ratio);
  // A ratio within float noise of a whole number is that number (3.0000000000000004 → 3).
  const units = Math.abs(ratio - near) <= 1e-9 * Math.max(1, Math.abs(near)) ? near : Math.ceil(ratio);
  return units * multiple;
}
