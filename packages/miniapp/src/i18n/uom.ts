import { getLocale, type Locale } from './i18n';

// Units as the shop floor says them; codes not listed show as they are.
const ZH: Record<string, string> = {
  pcs: '件',
  set: '套',
  pair: '双',
  bag: '袋',
  box: '箱',
  roll: '卷',
  sheet: '张',
  m: '米',
  mm: '毫米',
  m2: '平方米',
  m3: '立方米',
  kg: '千克',
  g: '克',
  l: '升',
};
const EN: Record<string, string> = { m2: 'm²', m3: 'm³' };

/** The unit of measure `code` in the current language (or the one given). */
export function uomLabel(code: string | undefined, locale: Locale = getLocale()): string {
  if (!code) return '';
  return (locale === 'zh-CN' ? ZH[code] : EN[code]) ?? code;
}
