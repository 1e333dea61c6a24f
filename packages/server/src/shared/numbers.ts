import { roundQty } from '@shopfloor/bom-engine';

/** A numeric column (exact decimal string) as the JSON number the API promises: rounded, no artifacts. */
export function qty(value: string | number | null | undefined, places = 6): number {
  if (value === null || value === undefined) return 0;
  return roundQty(Number(value), places);
}

export function optionalQty(value: string | number | null | undefined, places = 6): number | undefined {
  return value === null || value === undefined ? undefined : roundQty(Number(value), places);
}
