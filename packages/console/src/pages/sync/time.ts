import { t } from '../../i18n/i18n';

/** How long ago `iso` was, in the largest whole unit: 刚刚, 5 分钟, 3 小时, 2 天. */
export function ageText(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const seconds = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return t('sync.age.now');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('sync.age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('sync.age.hours', { n: hours });
  return t('sync.age.days', { n: Math.floor(hours / 24) });
}
