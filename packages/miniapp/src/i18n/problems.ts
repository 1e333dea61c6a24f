import { getLocale } from './i18n';

type Params = Record<string, string | number | null>;
type Wording = (p: Params) => string | undefined;

const ZH_STATUS: Record<string, string> = {
  draft: '草稿',
  released: '已下达',
  'in-progress': '生产中',
  done: '已完工',
  closed: '已关闭',
  pending: '待审批',
  approved: '已批准',
  'partially-approved': '部分批准',
  rejected: '已驳回',
  cancelled: '已撤回',
};
const ZH_VERB: Record<string, string> = { approve: '审批', reject: '驳回', cancel: '撤回' };

/**
 * The server words its problems in English and sends their values as `params`: the problems a
 * worker meets on the floor are said again here in his language. Unknown ones keep the server's words.
 */
const ZH: Record<string, Wording> = {
  'insufficient-stock': (p) =>
    `库存不足：${p.item} 在库位 ${p.location}${p.lot ? ` 批次 ${p.lot}` : ''} 现有 ${p.available}，需要 ${p.needed}，未过账`,
  'operation-sequence': (p) =>
    p.previousSeq !== undefined
      ? `工序 ${p.seq} 不能报 ${p.asked}：上道工序 ${p.previousSeq} 目前良品 ${p.previousGood}${Number(p.reported) > 0 ? `，本工序已报 ${p.reported}` : ''}`
      : `工序 ${p.seq} 不能报 ${p.asked}：工单数量 ${p.orderQty}，本工序已报 ${p.reported}`,
  'work-order-not-reportable': (p) =>
    `工单 ${p.workOrderNo} 当前${ZH_STATUS[String(p.status)] ?? p.status}，下达后、完工前才能报工`,
  'request-not-pending': (p) =>
    `申请 ${p.request} 已是「${ZH_STATUS[String(p.status)] ?? p.status}」，不能再操作（可能已被他人处理）`,
  forbidden: (p) =>
    p.rule === 'own-request' ? `不能${ZH_VERB[String(p.verb)] ?? '审批'}自己的申请` : undefined,
};

/** The problem in the reader's language, or undefined to show the server's own words. */
export function localProblemText(type: string | undefined, params: Params | undefined): string | undefined {
  if (!type || !params || getLocale() !== 'zh-CN') return undefined;
  const wording = ZH[type.slice(type.lastIndexOf('/') + 1)];
  return wording?.(params);
}
