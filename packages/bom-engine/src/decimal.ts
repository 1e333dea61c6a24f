const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

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
  // Far from a half and within exact-integer range, plain rounding is already right (the hot path).
  if (frac < 0.4999999 || frac > 0.5000001) {
    if (Math.abs(raw) < 4e15) return (frac < 0.5 ? floor : floor + 1) / scale + 0;
  }
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
