import type { Alert, ReplenishmentSuggestion, StockBalance } from '@shopfloor/sdk';
import { getLocale, t } from '../../i18n/i18n';
import { dayLabel, daysBetween } from '../../shared/shanghai-time';

const shortDate = (date: string) => dayLabel(date, getLocale());

/** `WO-2026-0012:40` (an overdue-operation alert's subject) → work order and operation. */
export function parseOperationSubject(id: string): { workOrderNo: string; seq: number } | null {
  const match = /^(\S+):(\d{1,5})$/.exec(id.trim());
  if (!match) return null;
  return { workOrderNo: match[1]!, seq: Number(match[2]) };
}

export interface StockLevel {
  onHand: number;
  safetyStock?: number;
  uom?: string;
}

/** Org-wide on-hand of one item from its balances (all warehouses, locations and lots). */
export function stockLevel(balances: readonly StockBalance[]): StockLevel | null {
  if (balances.length === 0) return null;
  let onHand = 0;
  for (const b of balances) onHand += b.qty;
  const first = balances[0]!;
  return {
    onHand: round6(onHand),
    ...(first.safetyStock !== undefined ? { safetyStock: first.safetyStock } : {}),
    uom: first.uom,
  };
}

/** Percent of the safety stock on hand, for the gauge (0–100). */
export function stockPercent(level: StockLevel): number {
  if (!level.safetyStock || level.safetyStock <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((level.onHand / level.safetyStock) * 100)));
}

export function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export interface Advice {
  /** The action in one line: "建议采购 120 pcs，最迟 12-05 下单". */
  text: string;
  /** When it must arrive or be finished: "需在 12-17 前到货". */
  detail?: string;
  /** Late only, with the item's lead time: "今天下单最早 12-12 到货". */
  earliest?: string;
  late: boolean;
}

/**
 * The replenishment order behind a safety-stock alert, worded as the action to take. `today` is
 * `YYYY-MM-DD` in Shanghai; a release date before it (or `late`) says by how many days.
 */
export function replenishmentAdvice(
  r: ReplenishmentSuggestion,
  uom: string,
  today: string,
  leadTimeDays?: number,
): Advice {
  const what = t(r.type === 'buy' ? 'alerts.buy' : 'alerts.make', { qty: r.qty, uom }).trim();
  const daysLate = r.releaseDate ? daysBetween(r.releaseDate, today) : 0;
  const late = r.late === true || daysLate > 0;
  let when: string | undefined;
  if (r.releaseDate) {
    const date = shortDate(r.releaseDate);
    if (late && daysLate > 0) {
      when = t(r.type === 'buy' ? 'alerts.buyLate' : 'alerts.makeLate', { date, n: daysLate });
    } else if (late || r.releaseDate === today) {
      when = t(r.type === 'buy' ? 'alerts.buyToday' : 'alerts.makeToday');
    } else {
      when = t(r.type === 'buy' ? 'alerts.buyBy' : 'alerts.makeBy', { date });
    }
  }
  return {
    text: when ? t('alerts.advice', { what, when }) : what,
    ...(r.dueDate
      ? {
          detail: t(r.type === 'buy' ? 'alerts.needBy.buy' : 'alerts.needBy.make', {
            date: shortDate(r.dueDate),
          }),
        }
      : {}),
    ...(late && leadTimeDays !== undefined
      ? {
          earliest: t(r.type === 'buy' ? 'alerts.earliest.buy' : 'alerts.earliest.make', {
            date: shortDate(addDays(today, Math.ceil(leadTimeDays))),
          }),
        }
      : {}),
    late,
  };
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The card's heading in the current language (the server's title is Chinese only). */
export function alertHeading(alert: Alert, itemName?: string): string {
  switch (alert.kind) {
    case 'safety-stock':
      return t('alerts.heading.safety-stock', { name: itemName ?? alert.subject.id });
    case 'overdue-operation': {
      const op = parseOperationSubject(alert.subject.id);
      return op ? t('alerts.heading.overdue-operation', { no: op.workOrderNo, seq: op.seq }) : alert.title;
    }
    case 'sync-failure':
      return t('alerts.heading.sync-failure', { subject: alert.subject.id });
    default:
      return alert.title;
  }
}

/** Replaces the alert with the same id (the server's answer after acknowledging), keeping the order. */
export function replaceAlert(list: readonly Alert[], answer: Alert): Alert[] {
  return list.map((a) => (a.id === answer.id ? answer : a));
}

/** Appends a further page, dropping alerts already listed (a page boundary may shift between loads). */
export function appendAlerts(list: readonly Alert[], more: readonly Alert[]): Alert[] {
  const seen = new Set(list.map((a) => a.id));
  return [...list, ...more.filter((a) => !seen.has(a.id))];
}
