const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Rounds half-up to `places` decimals after first snapping to 15 significant digits, so binary
 * artifacts vanish (0.1 * 3 → 0.3, 2.675 → 2.68) instead of leaking into results.
 */
export function roundQty(value: number, places = 6): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const scale = POW10[places] ?? 10 ** places;
  const scaled = Number((value * scale).toPrecision(15));
  const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return rounded / scale + 0;
}

/** Rounds up to a multiple, tolerant of the float noise of the product that precedes it. */
export function ceilToMultiple(value: number, multiple: number): number {
  const units = Math.ceil(Number((value / multiple).toPrecision(12)));
  return units * multiple;
}
