import { formatDay } from '../dates.js';
import { roundQty } from '../decimal.js';

const POW10 = Array.from({ length: 13 }, (_, i) => 10 ** i);

/** roundQty with a fast path for whole numbers, which most shop-floor quantities are. */
export function snap(value: number, places: number): number {
  return Number.isInteger(value) ? value : roundQty(value, places);
}

/** Rounds up to the item's decimal places: a requirement of 1.2 pieces needs 2. */
export function ceilToPlaces(value: number, places: number): number {
  if (Number.isInteger(value)) return value;
  const scale = POW10[places] ?? 10 ** places;
  return roundQty(Math.ceil(Number((value * scale).toPrecision(12))) / scale, places);
}

/** Sums day-stamped quantities per day, days ascending. */
export function aggregateByDay(
  days: readonly number[],
  qtys: readonly number[],
  places: number,
): { days: number[]; qtys: number[] } {
  const order = Array.from(days.keys()).sort((a, b) => days[a]! - days[b]!);
  const outDays: number[] = [];
  const outQtys: number[] = [];
  for (const i of order) {
    const last = outDays.length - 1;
    if (last >= 0 && outDays[last] === days[i]) outQtys[last] += qtys[i]!;
    else {
      outDays.push(days[i]!);
      outQtys.push(qtys[i]!);
    }
  }
  for (let t = 0; t < outQtys.length; t++) outQtys[t] = snap(outQtys[t]!, places);
  return { days: outDays, qtys: outQtys };
}

const dayTexts = new Map<number, string>();

/** formatDay, remembered: a plan prints the same few hundred dates hundreds of thousands of times. */
export function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (dayTexts.size > 100_000) dayTexts.clear();
    text = formatDay(day);
    dayTexts.set(day, text);
  }
  return text;
}
