import type { Bilingual, CheckupCheck, CheckupStatus } from '@shopfloor/sdk/admin';

/** A sentence in Chinese and English: every summary and fix the check-up gives is one. */
export const say = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });

/** A check result; `fix` is required by the contract whenever the status is not ok. */
export function check(
  id: string,
  status: CheckupStatus,
  summary: Bilingual,
  fix?: Bilingual,
  details?: string[],
): CheckupCheck {
  return {
    id,
    status,
    summary,
    ...(status !== 'ok' && fix ? { fix } : {}),
    ...(details && details.length > 0 ? { details } : {}),
  };
}

export const worstOf = (statuses: readonly CheckupStatus[]): CheckupStatus =>
  statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';

export const errorMessage = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);
