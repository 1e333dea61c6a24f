/** Engine quantities are already rounded to the unit's precision; print tiny ones as 0.0000001, not 1e-7. */
export function formatQty(qty: number): string {
  const text = String(qty);
  return text.includes('e-') ? qty.toFixed(12).replace(/\.?0+$/, '') : text;
}
