/** One report as the team comparison reads it (the database row, resolved). */
export interface ReportFact {
  /** The report's id. */
  id: string;
  workOrderNo: string;
  seq: number;
  operation: string;
  item: string;
  itemName: string;
  reporter: string;
  reporterName: string;
  /** The reporter's team (班组) now, else the operation's workshop. */
  team: string;
  teamName: string;
  workshop: string;
  workshopName: string;
  workCenter: string | null;
  workCenterName: string;
  qty: number;
  /** Working minutes from the report's start to its time, on the work center's calendar. */
  actualMinutes: number;
  /** standard × (good + scrap), plus the setup when this is the operation's first report. */
  standardMinutes: number;
  /** The operation's first report ever (its setup counts). */
  first: boolean;
}

/**
 * Working milliseconds of a report's minutes: whole, because its times are whole milliseconds and
 * shifts start and end on whole minutes (the rounding only undoes float error). Sums of them are
 * exact in any order, so the stored and the live minutes add up to the same bits.
 */
export const actualMsOf = (actualMinutes: number): number => Math.round(actualMinutes * 60_000);

/** Minutes of a report: working minutes of [start, at) on `workingBetween`, times in epoch milliseconds (0 without a start, or when it does not come first). */
export function actualMinutesOf(
  startMs: number | null,
  atMs: number,
  workingBetween: (fromMinute: number, toMinute: number) => number,
): number {
  if (startMs === null || startMs >= atMs) return 0;
  return workingBetween(startMs / 60_000, atMs / 60_000);
}

export const standardMinutesOf = (r: {
  standardMinutes: number;
  setupMinutes: number;
  qty: number;
  firstOfOperation: boolean;
}): number => r.standardMinutes * r.qty + (r.firstOfOperation ? r.setupMinutes : 0);
