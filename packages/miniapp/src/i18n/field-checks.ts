import type { FieldError } from '@shopfloor/sdk';
import type { Locale } from './i18n';

const FIELDS: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    goodQty: '良品数',
    scrapQty: '报废数',
    scrapReason: '报废原因',
    consumedLots: '耗用批次',
    producedLot: '产出批次',
    deviceTime: '设备时间',
    lines: '明细',
    qty: '数量',
    approvedQty: '批准数量',
    item: '物料',
    lot: '批次',
    location: '库位',
    warehouse: '仓库',
    workOrderNo: '工单号',
    seq: '工序号',
    comment: '备注',
    reason: '原因',
    qr: '扫码内容',
  },
  en: {
    goodQty: 'good qty',
    scrapQty: 'scrap qty',
    scrapReason: 'scrap reason',
    consumedLots: 'consumed lots',
    producedLot: 'produced lot',
    deviceTime: 'device time',
    lines: 'lines',
    qty: 'quantity',
    approvedQty: 'approved quantity',
    item: 'item',
    lot: 'lot',
    location: 'location',
    warehouse: 'warehouse',
    workOrderNo: 'work order',
    seq: 'operation',
    comment: 'comment',
    reason: 'reason',
    qr: 'scanned code',
  },
};

/** `lines.1.qty` → 第 2 行数量 / line 2 quantity; an unknown name stays as sent. */
export function fieldLabel(path: string, locale: Locale): string {
  const parts = path.split('.').filter(Boolean);
  const words = parts.flatMap((part, i) => {
    if (/^\d+$/.test(part))
      return [locale === 'zh-CN' ? `第 ${Number(part) + 1} 行` : `line ${Number(part) + 1}`];
    // 明细第 2 行数量 says no more than 第 2 行数量
    if (part === 'lines' && /^\d+$/.test(parts[i + 1] ?? '')) return [];
    return [FIELDS[locale][part] ?? part];
  });
  return words.join(locale === 'zh-CN' ? '' : ' ');
}

type Params = NonNullable<FieldError['params']>;

/** How a bound is said: of a text's length, a list's entries, or a number (inclusive or not). */
type BoundWords = {
  text: (n: number | string) => string;
  entries: (n: number | string) => string;
  value: (n: number | string) => string;
  strict: (n: number | string) => string;
  unknown: string;
};

function bound(p: Params, n: number | string | undefined, w: BoundWords): string {
  if (n === undefined) return w.unknown;
  if (p.origin === 'string') return w.text(n);
  if (p.origin === 'array') return w.entries(n);
  return p.exclusive ? w.strict(n) : w.value(n);
}

type CheckWords = {
  min: BoundWords;
  max: BoundWords;
  type: (p: Params) => string;
  format: (p: Params) => string;
  value: (p: Params) => string;
  extra: string;
  other: string;
};

const ZH: CheckWords = {
  min: {
    text: (n) => `至少 ${n} 个字`,
    entries: (n) => `至少 ${n} 项`,
    value: (n) => `不能小于 ${n}`,
    strict: (n) => `须大于 ${n}`,
    unknown: '太小',
  },
  max: {
    text: (n) => `最多 ${n} 个字`,
    entries: (n) => `最多 ${n} 项`,
    value: (n) => `不能大于 ${n}`,
    strict: (n) => `须小于 ${n}`,
    unknown: '太大',
  },
  type: (p: Params) =>
    p.expected === 'number' ? '须为数字' : p.expected === 'undefined' ? '不应填写' : '缺少或格式不对',
  format: (p: Params) =>
    p.format === 'datetime'
      ? '格式不对（应为日期时间）'
      : p.format === 'date'
        ? '格式不对（应为 YYYY-MM-DD）'
        : '格式不对',
  value: (p: Params) => (p.values ? `须为以下之一：${p.values}` : '取值不对'),
  extra: '含有无法识别的内容',
  other: '内容不对',
};
const EN: CheckWords = {
  min: {
    text: (n) => `needs at least ${n} characters`,
    entries: (n) => `needs at least ${n} entries`,
    value: (n) => `must be at least ${n}`,
    strict: (n) => `must be more than ${n}`,
    unknown: 'is too small',
  },
  max: {
    text: (n) => `takes at most ${n} characters`,
    entries: (n) => `takes at most ${n} entries`,
    value: (n) => `must be at most ${n}`,
    strict: (n) => `must be less than ${n}`,
    unknown: 'is too big',
  },
  type: (p) =>
    p.expected === 'number'
      ? 'must be a number'
      : p.expected === 'undefined'
        ? 'must be left out'
        : 'is missing or of the wrong kind',
  format: (p) =>
    p.format === 'datetime'
      ? 'is not a valid time'
      : p.format === 'date'
        ? 'must be a date YYYY-MM-DD'
        : 'is not in the right format',
  value: (p) => (p.values ? `must be one of ${p.values}` : 'is not one of the allowed values'),
  extra: 'holds something not expected',
  other: 'is not valid',
};

// The schemas' own rules (zod `custom` checks) have no bounds to word: they are known by their field.
const CUSTOM: Record<Locale, Record<string, string>> = {
  'zh-CN': { goodQty: '良品数和报废数至少填一个大于 0 的数', scrapReason: '有报废数时须填写报废原因' },
  en: {
    goodQty: 'report a good or a scrap quantity above 0',
    scrapReason: 'a scrap reason is needed when scrap qty is above 0',
  },
};

/** One failed check in the reader's language: `第 2 行数量不能小于 0`. */
export function fieldCheckText(error: FieldError, locale: Locale): string {
  const last = error.path.split('.').at(-1) ?? '';
  if (error.code === 'custom' && CUSTOM[locale][last]) return CUSTOM[locale][last]!;
  const w = locale === 'zh-CN' ? ZH : EN;
  const p = error.params ?? {};
  const check =
    error.code === 'too_small'
      ? bound(p, p.minimum, w.min)
      : error.code === 'too_big'
        ? bound(p, p.maximum, w.max)
        : error.code === 'invalid_type'
          ? w.type(p)
          : error.code === 'invalid_format'
            ? w.format(p)
            : error.code === 'invalid_value'
              ? w.value(p)
              : error.code === 'unrecognized_keys'
                ? w.extra
                : w.other;
  const field = error.path
    ? fieldLabel(error.path, locale)
    : locale === 'zh-CN'
      ? '提交的内容'
      : 'The request';
  return locale === 'zh-CN' ? `${field}${check}` : `${capitalize(field)} ${check}`;
}

/** The failed checks, three in full: a toast is no place for twenty. */
export function validationText(errors: readonly FieldError[], locale: Locale): string {
  // A field says its first failed check only: the others usually follow from it.
  const firsts = errors.filter((e, i) => errors.findIndex((o) => o.path === e.path) === i);
  const shown = firsts.slice(0, 3).map((e) => fieldCheckText(e, locale));
  const more = firsts.length - shown.length;
  if (locale === 'zh-CN') return shown.join('；') + (more > 0 ? `；另有 ${more} 处` : '');
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
