/** One report as the team comparison reads it (the database row, resolved). */
export interface ReportFact {
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
}

/** Where a report's work began: its start scan, else the operation's previous report, else the operation's actual start. */
export function reportStart(r: {
  startedAt: Date | null;
  previousAt: Date | null;
  operationStart: Date | null;
}): Date | null {
  return r.startedAt ?? r.previousAt ?? r.operationStart;
}

/** Minutes of a report: working minutes of [start, at) on `workingBetween` (0 without a start, or when it does not come first). */
export function actualMinutesOf(
  start: Date | null,
  at: Date,
  workingBetween: (fromMinute: number, toMinute: number) => number,
): number {
  if (!start || start.getTime() >= at.getTime()) return 0;
  return workingBetween(start.getTime() / 60_000, at.getTime() / 60_000);
}

export const standardMinutesOf = (r: {
  standardMinutes: number;
  setupMinutes: number;
  qty: number;
  firstOfOperation: boolean;
}): number => r.standardMinutes * r.qty + (r.firstOfOperation ? r.setupMinutes : 0);
