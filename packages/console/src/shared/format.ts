import { getLocale } from '../i18n/i18n';

const ZONE = 'Asia/Shanghai';

/** A quantity as people read it: grouped thousands, no float noise, at most 6 decimals. */
export function formatQty(value: number | null | undefined, uom?: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const text = new Intl.NumberFormat(getLocale() === 'en' ? 'en-US' : 'zh-CN', {
    maximumFractionDigits: 6,
  }).format(value);
  return uom ? `${text} ${uom}` : text;
}

/** `2026-12-04 09:30` in Asia/Shanghai from an ISO timestamp; `—` without one. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Today in Asia/Shanghai as `YYYY-MM-DD`, `days` later when given. */
export function shanghaiDate(days = 0, now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(shifted);
}

/** Case-insensitive "does any of these fields contain the words", for the lists filtered at the desk. */
export function matches(words: string, ...fields: (string | null | undefined)[]): boolean {
  const needle = words.trim().toLowerCase();
  if (!needle) return true;
  return fields.some((f) => f?.toLowerCase().includes(needle));
}
