/** How many rows of each kind a size makes: `year` is a 500-person plant's year, `small` the same shapes at ~1/500. */
export interface ScaleSize {
  items: number;
  /** Items 1..makeItems are made (have BOM lines); the rest are bought. */
  makeItems: number;
  /** Items 1..routedItems have a routing (3–10 steps) and are what work orders make. */
  routedItems: number;
  bomLinesPerParent: number;
  workOrders: number;
  reports: number;
  lots: number;
  movements: number;
  genealogyEdges: number;
  requests: number;
  alerts: number;
}

export const SCALE_SIZES = {
  year: {
    items: 20_000,
    makeItems: 4_000,
    routedItems: 300,
    bomLinesPerParent: 16,
    workOrders: 30_000,
    reports: 1_000_000,
    lots: 100_000,
    movements: 2_000_000,
    genealogyEdges: 400_000,
    requests: 5_000,
    alerts: 50_000,
  },
  small: {
    items: 40,
    makeItems: 8,
    routedItems: 6,
    bomLinesPerParent: 16,
    workOrders: 60,
    reports: 2_000,
    lots: 200,
    movements: 4_000,
    genealogyEdges: 800,
    requests: 10,
    alerts: 100,
  },
} as const satisfies Record<string, ScaleSize>;

export type ScaleSizeName = keyof typeof SCALE_SIZES;

/** The share of a year's sizes: `fraction(0.25)` is three months' worth, for machines where a year takes too long. */
export function fractionOfYear(share: number): ScaleSize {
  const y: ScaleSize = SCALE_SIZES.year;
  const n = (v: number) => Math.max(1, Math.round(v * share));
  return {
    ...y,
    workOrders: n(y.workOrders),
    reports: n(y.reports),
    lots: n(y.lots),
    movements: n(y.movements),
    genealogyEdges: n(y.genealogyEdges),
    requests: n(y.requests),
    alerts: n(y.alerts),
  };
}
