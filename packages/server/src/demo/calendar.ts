import { dateShanghai } from '../shared/time.js';

const DAY_MS = 86_400_000;

/** Dates and instants of the demo, all relative to the seed's clock so the demo never looks stale. */
export class DemoCalendar {
  readonly today: string;

  constructor(readonly now: Date) {
    this.today = dateShanghai(now);
  }

  /** 'YYYY-MM-DD' `days` from today. */
  day(days: number): string {
    return dateShanghai(new Date(this.now.getTime() + days * DAY_MS));
  }

  /** Shanghai wall-clock time on the day `days` from today. */
  at(days: number, hhmm: string): Date {
    return new Date(`${this.day(days)}T${hhmm}:00+08:00`);
  }

  /** An instant `hours` before now. */
  hoursAgo(hours: number): Date {
    return new Date(this.now.getTime() - hours * 3_600_000);
  }

  /** '261125' for a date `days` from today: how lot numbers carry their date. */
  stamp(days: number): string {
    return this.day(days).slice(2).replaceAll('-', '');
  }
}
