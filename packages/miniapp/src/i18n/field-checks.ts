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

const ZH = {
  tooSmall: (p: Params) =>
    p.minimum === undefined
      ? '太小'
      : p.origin === 'string'
        ? `至少 ${p.minimum} 个字`
        : p.origin === 'array'
          ? `至少 ${p.minimum} 项`
          : p.exclusive
            ? `须大于 ${p.minimum}`
            : `不能小于 ${p.minimum}`,
  tooBig: (p: Params) =>
    p.maximum === undefined
      ? '太大'
      : p.origin === 'string'
        ? `最多 ${p.maximum} 个字`
        : p.origin === 'array'
          ? `最多 ${p.maximum} 项`
          : p.exclusive
            ? `须小于 ${p.maximum}`
            : `不能大于 ${p.maximum}`,
  type: (p: Params) =>
    p.expected === 'number' ? '须为数字' : p.expected === 'undefined' ? '不应填写' : '缺少或格式不对',
  format: (p: Params) =>
    p.format === 'datetime' ? '格式不对（应为日期时间）' : p.format === 'date' ? '格式不对（应为 YYYY-MM-DD）' : '格式不对',
  value: (p: Params) => (p.values ? `须为以下之一：${p.values}` : '取值不对'),
  extra: () => '含有无法识别的内容',
  other: () => '内容不对',
};
const EN: typeof ZH = {
  tooSmall: (p) =>
    p.minimum === undefined
      ? 'is too small'
      : p.origin === 'string'
        ? `needs at least ${p.minimum} characters`
        : p.origin === 'array'
          ? `needs at least ${p.minimum} entries`
          : `must be ${p.exclusive ? 'more than' : 'at least'} ${p.minimum}`,
  tooBig: (p) =>
    p.maximum === undefined
      ? 'is too big'
      : p.origin === 'string'
        ? `takes at most ${p.maximum} characters`
        : p.origin === 'array'
          ? `takes at most ${p.maximum} entries`
          : `must be ${p.exclusive ? 'less than' : 'at most'} ${p.maximum}`,
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
  extra: () => 'holds something not expected',
  other: () => 'is not valid',
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
      ? w.tooSmall(p)
      : error.code === 'too_big'
        ? w.tooBig(p)
        : error.code === 'invalid_type'
          ? w.type(p)
          : error.code === 'invalid_format'
            ? w.format(p)
            : error.code === 'invalid_value'
              ? w.value(p)
              : error.code === 'unrecognized_keys'
                ? w.extra()
                : w.other();
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
