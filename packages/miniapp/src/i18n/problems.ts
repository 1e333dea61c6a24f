import type { FloorProblem } from '@shopfloor/sdk';
import { getLocale, type Locale } from './i18n';
import { uomLabel } from './uom';

type Params = Record<string, string | number | null>;
type Wording = (p: Params) => string;

const STATUS: Record<Locale, Record<string, string>> = {
  'zh-CN': {
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
  },
  en: {
    draft: 'a draft',
    released: 'released',
    'in-progress': 'in progress',
    done: 'done',
    closed: 'closed',
    pending: 'pending',
    approved: 'approved',
    'partially-approved': 'partially approved',
    rejected: 'rejected',
    cancelled: 'cancelled',
  },
};
const VERB: Record<Locale, Record<string, string>> = {
  'zh-CN': { approve: '审批', reject: '驳回', cancel: '撤回', submit: '提交' },
  en: { approve: 'approve', reject: 'reject', cancel: 'cancel', submit: 'submit' },
};
const ROLE_ZH: Record<string, string> = {
  operator: '操作工',
  approver: '审批人',
  storekeeper: '仓管员',
  planner: '计划员',
  admin: '管理员',
};
const FIELD: Record<Locale, Record<string, string>> = {
  'zh-CN': { goodQty: '良品数', scrapQty: '报废数' },
  en: { goodQty: 'good qty', scrapQty: 'scrap qty' },
};

const COUNT_STATUS: Record<Locale, Record<string, string>> = {
  'zh-CN': { open: '待盘点', 'pending-approval': '待审批', done: '已完成', rejected: '已驳回' },
  en: { open: 'open', 'pending-approval': 'waiting for approval', done: 'done', rejected: 'rejected' },
};
const countStatusOf = (locale: Locale, p: Params) =>
  COUNT_STATUS[locale][String(p.status)] ?? String(p.status);
const COUNT_VERB: Record<Locale, Record<string, string>> = {
  'zh-CN': { approve: '审批', reject: '驳回', recount: '要求复盘' },
  en: { approve: 'approve', reject: 'reject', recount: 'send back for a recount' },
};
const statusOf = (locale: Locale, p: Params) => STATUS[locale][String(p.status)] ?? String(p.status);
/** A work order's status: 'cancelled' is 已取消 there (a request's is 已撤回), 'on-hold' 暂停. */
const WO_STATUS: Record<Locale, Record<string, string>> = {
  'zh-CN': { cancelled: '已取消', 'on-hold': '暂停' },
  en: { cancelled: 'cancelled', 'on-hold': 'on hold' },
};
const woStatusOf = (locale: Locale, p: Params) => WO_STATUS[locale][String(p.status)] ?? statusOf(locale, p);
const verbOf = (locale: Locale, p: Params) => VERB[locale][String(p.verb)] ?? VERB[locale].approve!;
const fieldOf = (locale: Locale, p: Params) => FIELD[locale][String(p.field)] ?? String(p.field);
const has = (p: Params, name: string) => p[name] !== undefined && p[name] !== null && p[name] !== '';

const QR_ZH: Record<string, string> = {
  'not-shopfloor': '这不是工序码',
  'not-operation': '这是 Shopfloor 码，但不是工序码',
  'unsupported-version': '这是新版本的码，请更新应用',
  'no-seq': '工序码缺少工序号',
  'bad-work-order': '工序码里的工单号无效',
  'bad-seq': '工序码里的工序号无效',
};
const QR_EN: Record<string, string> = {
  'not-shopfloor': 'This is not an operation code',
  'not-operation': 'A Shopfloor code, but not of an operation',
  'unsupported-version': 'A code of a newer version: update the app',
  'no-seq': 'The operation code has no operation number',
  'bad-work-order': 'The operation code has an invalid work-order number',
  'bad-seq': 'The operation code has an invalid operation number',
};

/**
 * Every problem of the SDK's FLOOR_PROBLEMS in both languages, from its code and params: the
 * server's English `detail` is for developers and never reaches a worker's screen.
 */
export const WORDINGS: Record<Locale, Record<FloorProblem, Wording>> = {
  'zh-CN': {
    unauthorized: () => '登录已失效，请重新登录',
    forbidden: (p) =>
      has(p, 'roles')
        ? `没有权限：需要${String(p.roles)
            .split(',')
            .map((r) => ROLE_ZH[r] ?? r)
            .join('或')}角色`
        : '没有权限执行此操作',
    'user-inactive': () => '该账号已停用，请联系管理员',
    degraded: () => '服务暂时不可用，请稍后重试',
    'too-large': () => '提交的内容过大',
    'too-many-sign-ins': (p) => `登录尝试过于频繁，请 ${p.retryAfter} 秒后再试`,
    'idempotency-in-flight': () => '上一次提交仍在处理中，请稍后再试',
    'idempotency-mismatch': () => '提交内容与之前的同一次提交不一致，请重新填写后提交',
    validation: () => '提交的内容有误，请检查后重试',
    'operation-qr': (p) => `${QR_ZH[String(p.reason)] ?? QR_ZH['not-shopfloor']}：${p.scanned}`,
    'work-order-not-found': (p) => `工单 ${p.workOrderNo} 不存在`,
    'operation-not-found': (p) => `工单 ${p.workOrderNo} 没有工序 ${p.seq}`,
    'operation-out-of-scope': (p) =>
      `工单 ${p.workOrderNo} 的工序 ${p.seq} 属于${p.workshopName ?? p.workshop}，你负责的是${p.yourWorkshops || '（无车间）'}`,
    'work-order-out-of-scope': (p) =>
      `工单 ${p.workOrderNo} 没有你所在车间（${p.yourWorkshops || '无'}）的工序`,
    'quantity-precision': (p) =>
      Number(p.precision) === 0
        ? `${fieldOf('zh-CN', p)}须为整数：${p.item} 以${uomLabel(String(p.uom ?? ''), 'zh-CN') || '其单位'}计，填了 ${p.got}`
        : `${fieldOf('zh-CN', p)}最多 ${p.precision} 位小数：${p.item} 以${uomLabel(String(p.uom ?? ''), 'zh-CN') || '其单位'}计，填了 ${p.got}`,
    'work-order-not-reportable': (p) =>
      `工单 ${p.workOrderNo} 当前${statusOf('zh-CN', p)}，下达后、完工前才能报工`,
    'work-order-stopped': (p) =>
      p.status === 'on-hold'
        ? `工单 ${p.workOrderNo} 已暂停，暂停期间不能报工，恢复后再报`
        : `工单 ${p.workOrderNo} ${p.status === 'cancelled' ? '已取消' : '已关闭'}，不能再报工`,
    'operation-sequence': (p) =>
      has(p, 'previousSeq')
        ? `工序 ${p.seq} 不能报 ${p.asked}：上道工序 ${p.previousSeq} 目前良品 ${p.previousGood}${Number(p.reported) > 0 ? `，本工序已报 ${p.reported}` : ''}`
        : `工序 ${p.seq} 不能报 ${p.asked}：工单数量 ${p.orderQty}，本工序已报 ${p.reported}`,
    'lot-not-found': (p) => `批次 ${p.lot} 不存在`,
    'lot-item-mismatch': (p) => `批次 ${p.lot} 是物料 ${p.expected} 的，不是 ${p.item}`,
    'no-receipt-location': () => '工单没有入库库位，工厂也没有默认成品库位，请联系计划员',
    'issue-request-not-found': (p) => `找不到申请 ${p.request}`,
    'unknown-warehouse': (p) => `仓库 ${p.warehouse} 不存在`,
    'warehouse-out-of-scope': (p) => `你不负责仓库 ${p.warehouse}`,
    'own-request': (p) => `不能${verbOf('zh-CN', p)}自己的申请`,
    'not-requester': (p) => `只有申请人才能${verbOf('zh-CN', p)}申请`,
    'request-not-pending': (p) =>
      `申请 ${p.request} 已是「${statusOf('zh-CN', p)}」，不能再操作（可能已被他人处理）`,
    'request-not-draft': (p) => `申请 ${p.request} 已是「${statusOf('zh-CN', p)}」，只有草稿可以提交`,
    'work-order-not-open': (p) =>
      `工单 ${p.workOrderNo} 当前${woStatusOf('zh-CN', p)}，只能为已下达的工单领料`,
    'nothing-approved': () => '批准数量全为 0：请改为驳回',
    'emergency-not-allowed': (p) =>
      `紧急领料只能由仓库 ${p.warehouse} 的仓管员、${p.workOrderNo ? `工单 ${p.workOrderNo} 所在车间的主管` : '工单所在车间的主管'}或管理员提交`,
    'emergency-posted': (p) => `紧急领料 ${p.request} 已过账，不能撤回；没用完的物料请退料`,
    'transfer-not-found': (p) => `找不到调拨单 ${p.transfer}`,
    'transfer-not-pending': (p) =>
      `调拨单 ${p.transfer} 已${p.status === 'posted' ? '过账' : '驳回'}，不能再操作（可能已被他人处理）`,
    'insufficient-stock': (p) =>
      has(p, 'item')
        ? `库存不足：${p.item} 在库位 ${p.location}${p.lot ? ` 批次 ${p.lot}` : ''} 现有 ${p.available}，需要 ${p.needed}，未过账`
        : '库存不足，未过账',
    'count-not-found': () => '找不到该盘点任务',
    'count-not-open': (p) => `该盘点任务已是「${countStatusOf('zh-CN', p)}」，不能再录入（可能已被他人盘点）`,
    'count-not-pending': (p) =>
      `该盘点已是「${countStatusOf('zh-CN', p)}」，不在待审批状态（可能已被他人处理）`,
    'count-not-counted': () => '该盘点任务尚未盘点',
    'own-count': (p) => `这是你自己盘点的，须由其他人${COUNT_VERB['zh-CN'][String(p.verb)] ?? '审批'}`,
    'count-already-open': (p) => `${p.item} 在库位 ${p.location} 已有未完成的盘点任务`,
    'count-lot-mismatch': (p) =>
      p.expected
        ? `扫到的批次 ${p.lot} 不是本任务的批次 ${p.expected}`
        : `本任务不分批次，扫到了批次 ${p.lot}`,
    'count-plan-exists': (p) => `${p.week} 这一周已有盘点计划`,
    'count-blind': () => '盲盘：盘点人看不到账面数量和差异来源',
  },
  en: {
    unauthorized: () => 'Your session has expired: sign in again',
    forbidden: (p) =>
      has(p, 'roles')
        ? `Not allowed: this needs the role ${String(p.roles).replaceAll(',', ' or ')}`
        : 'You are not allowed to do this',
    'user-inactive': () => 'This account is deactivated: ask an administrator',
    degraded: () => 'The service is unavailable for a moment: try again shortly',
    'too-large': () => 'What you sent is too large',
    'too-many-sign-ins': (p) => `Too many sign-in attempts: try again in ${p.retryAfter} s`,
    'idempotency-in-flight': () => 'The previous submission is still being processed: try again shortly',
    'idempotency-mismatch': () =>
      'This submission differs from the earlier one with the same key: fill it in again',
    validation: () => 'Something you entered is not valid: check and try again',
    'operation-qr': (p) => `${QR_EN[String(p.reason)] ?? QR_EN['not-shopfloor']}: ${p.scanned}`,
    'work-order-not-found': (p) => `Work order ${p.workOrderNo} does not exist`,
    'operation-not-found': (p) => `Work order ${p.workOrderNo} has no operation ${p.seq}`,
    'operation-out-of-scope': (p) =>
      `Operation ${p.seq} of ${p.workOrderNo} belongs to ${p.workshopName ?? p.workshop}; you report for ${p.yourWorkshops || 'no workshop'}`,
    'work-order-out-of-scope': (p) =>
      `Work order ${p.workOrderNo} has no operation in your workshops (${p.yourWorkshops || 'none'})`,
    'quantity-precision': (p) =>
      Number(p.precision) === 0
        ? `The ${fieldOf('en', p)} must be a whole number: ${p.item} is counted in ${uomLabel(String(p.uom ?? ''), 'en') || 'its unit'}, got ${p.got}`
        : `The ${fieldOf('en', p)} takes at most ${p.precision} decimal places: ${p.item} is counted in ${uomLabel(String(p.uom ?? ''), 'en') || 'its unit'}, got ${p.got}`,
    'work-order-not-reportable': (p) =>
      `Work order ${p.workOrderNo} is ${statusOf('en', p)}: operations are reported once it is released and until it is done`,
    'work-order-stopped': (p) =>
      p.status === 'on-hold'
        ? `Work order ${p.workOrderNo} is on hold: report again once it is resumed`
        : `Work order ${p.workOrderNo} is ${p.status === 'cancelled' ? 'cancelled' : 'closed'}: nothing more can be reported`,
    'operation-sequence': (p) =>
      has(p, 'previousSeq')
        ? `Operation ${p.seq} cannot report ${p.asked}: operation ${p.previousSeq} has put out ${p.previousGood} good so far${Number(p.reported) > 0 ? `, ${p.reported} already reported here` : ''}`
        : `Operation ${p.seq} cannot report ${p.asked}: the order is for ${p.orderQty}, ${p.reported} already reported`,
    'lot-not-found': (p) => `Lot ${p.lot} does not exist`,
    'lot-item-mismatch': (p) => `Lot ${p.lot} holds ${p.expected}, not ${p.item}`,
    'no-receipt-location': () =>
      'The work order has no receipt location and there is no default finished-goods location: ask a planner',
    'issue-request-not-found': (p) => `Request ${p.request} was not found`,
    'unknown-warehouse': (p) => `Warehouse ${p.warehouse} does not exist`,
    'warehouse-out-of-scope': (p) => `You do not keep warehouse ${p.warehouse}`,
    'own-request': (p) => `You cannot ${verbOf('en', p)} your own request`,
    'not-requester': (p) => `Only the requester can ${verbOf('en', p)} a request`,
    'request-not-pending': (p) =>
      `Request ${p.request} is already ${statusOf('en', p)} (someone may have handled it)`,
    'request-not-draft': (p) => `Request ${p.request} is ${statusOf('en', p)}: only drafts can be submitted`,
    'work-order-not-open': (p) =>
      `Work order ${p.workOrderNo} is ${woStatusOf('en', p)}: material is issued only to released work orders`,
    'nothing-approved': () => 'Every approved quantity is 0: reject the request instead',
    'emergency-not-allowed': (p) =>
      `An emergency issue is posted only by a storekeeper of ${p.warehouse}, a supervisor of ${p.workOrderNo ? `the workshops of ${p.workOrderNo}` : 'the work order’s workshops'} or an admin`,
    'emergency-posted': (p) =>
      `Emergency issue ${p.request} was posted when it was made: it cannot be withdrawn; return what is left instead`,
    'transfer-not-found': (p) => `Transfer ${p.transfer} was not found`,
    'transfer-not-pending': (p) =>
      `Transfer ${p.transfer} is already ${p.status === 'posted' ? 'posted' : 'rejected'} (someone may have handled it)`,
    'insufficient-stock': (p) =>
      has(p, 'item')
        ? `Not enough ${p.item} at ${p.location}${p.lot ? ` lot ${p.lot}` : ''}: ${p.available} on hand, ${p.needed} needed; nothing was posted`
        : 'Not enough stock; nothing was posted',
    'count-not-found': () => 'This count task was not found',
    'count-not-open': (p) => `This count is already ${countStatusOf('en', p)} (someone may have counted it)`,
    'count-not-pending': (p) =>
      `This count is ${countStatusOf('en', p)}, not waiting for approval (someone may have handled it)`,
    'count-not-counted': () => 'This count task has not been counted yet',
    'own-count': (p) =>
      `You counted this yourself: someone else must ${COUNT_VERB.en[String(p.verb)] ?? 'approve'} it`,
    'count-already-open': (p) => `${p.item} at ${p.location} has a count task open already`,
    'count-lot-mismatch': (p) =>
      p.expected
        ? `The scanned lot ${p.lot} is not this task's lot ${p.expected}`
        : `This task counts no lot; scanned lot ${p.lot}`,
    'count-plan-exists': (p) => `The week of ${p.week} has its count plan already`,
    'count-blind': () =>
      'Blind count: the counter sees neither the book quantity nor where a difference came from',
  },
};

/** The problem's code: the last segment of its `type`. */
export function problemCode(type: string | undefined): string | undefined {
  return type ? type.slice(type.lastIndexOf('/') + 1) : undefined;
}

/**
 * The problem in the reader's language from its code and params, or undefined for a code the app
 * does not know (the console's and integrators' problems), which keeps the server's words.
 */
export function localProblemText(
  type: string | undefined,
  params: Params | undefined,
  locale: Locale = getLocale(),
): string | undefined {
  const code = problemCode(type);
  if (!code || !Object.hasOwn(WORDINGS[locale], code)) return undefined;
  return WORDINGS[locale][code as FloorProblem](params ?? {});
}
