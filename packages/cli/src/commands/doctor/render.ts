import type { CheckupCheck, CheckupStatus } from '@shopfloor/sdk/admin';

export type DoctorLang = 'zh-CN' | 'en';

const LABEL: Record<DoctorLang, Record<CheckupStatus, string>> = {
  'zh-CN': { ok: '正常', warn: '警告', fail: '失败' },
  en: { ok: 'ok', warn: 'warn', fail: 'fail' },
};
const MARK: Record<CheckupStatus, string> = { ok: '✔', warn: '!', fail: '✖' };

/** `--lang`, else LANG=en* means English; Chinese otherwise. */
export function doctorLang(flag: unknown, env: NodeJS.ProcessEnv = process.env): DoctorLang {
  if (flag === 'en' || flag === 'zh-CN' || flag === 'zh') return flag === 'en' ? 'en' : 'zh-CN';
  return /^en/i.test(env.LANG ?? '') ? 'en' : 'zh-CN';
}

/** One line per check, its fix below it when not ok, and a closing verdict. */
export function renderCheckup(
  run: { status: CheckupStatus; checks: readonly CheckupCheck[]; durationMs: number },
  lang: DoctorLang,
  source: string,
): string {
  const zh = lang === 'zh-CN';
  const width = Math.max(...run.checks.map((c) => c.id.length));
  const lines = [zh ? `Shopfloor 体检 · ${source}` : `Shopfloor check-up · ${source}`, ''];
  for (const c of run.checks) {
    const label = LABEL[lang][c.status];
    lines.push(`${MARK[c.status]} ${label.padEnd(zh ? 2 : 4)}  ${c.id.padEnd(width)}  ${c.summary[lang]}`);
    if (c.status !== 'ok' && c.fix)
      lines.push(`${' '.repeat(width + 10)}${zh ? '修复：' : 'fix: '}${c.fix[lang]}`);
  }
  const count = (s: CheckupStatus) => run.checks.filter((c) => c.status === s).length;
  lines.push(
    '',
    zh
      ? `结果：${LABEL[lang][run.status]}（${count('fail')} 项失败，${count('warn')} 项警告，用时 ${run.durationMs} ms）`
      : `result: ${run.status} (${count('fail')} failed, ${count('warn')} warnings, ${run.durationMs} ms)`,
  );
  return `${lines.join('\n')}\n`;
}
