import type { Alert } from '@shopfloor/sdk';
import { getLocale, type Locale } from './i18n';
import { uomLabel } from './uom';

type Params = NonNullable<Alert['params']>;

const named = (locale: Locale, code: unknown, name: unknown) =>
  name && name !== code ? (locale === 'zh-CN' ? `${name}（${code}）` : `${name} (${code})`) : String(code);

function lateText(locale: Locale, minutes: number): string {
  const hours = Math.floor(minutes / 60);
  if (locale === 'zh-CN') {
    return hours >= 48
      ? `${Math.floor(hours / 24)} 天`
      : hours >= 1
        ? `${hours} 小时`
        : `${Math.max(1, minutes)} 分钟`;
  }
  return hours >= 48
    ? `${Math.floor(hours / 24)} days`
    : hours >= 1
      ? `${hours} h`
      : `${Math.max(1, minutes)} min`;
}

function worded(
  kind: Alert['kind'],
  p: Params,
  locale: Locale,
): { title: string; message: string } | undefined {
  const zh = locale === 'zh-CN';
  const uom = uomLabel(String(p.uom ?? ''), locale);
  switch (kind) {
    case 'safety-stock':
      return zh
        ? {
            title: `低于安全库存：${named(locale, p.item, p.itemName)}`,
            message: `库存 ${p.onHand} ${uom}，低于安全库存 ${p.safetyStock} ${uom}`,
          }
        : {
            title: `Below safety stock: ${named(locale, p.item, p.itemName)}`,
            message: `${p.onHand} ${uom} on hand, below the safety stock of ${p.safetyStock} ${uom}`,
          };
    case 'overdue-operation':
      return zh
        ? {
            title: `工序逾期：${p.workOrderNo} 工序 ${p.seq}`,
            message: `工单 ${p.workOrderNo} 工序 ${p.seq}（${p.operation}）已逾期 ${lateText(locale, Number(p.lateMinutes))}：应于 ${p.deadline} 完成，合格 ${p.good} / ${p.qty}`,
          }
        : {
            title: `Operation overdue: ${p.workOrderNo} op ${p.seq}`,
            message: `Work order ${p.workOrderNo} operation ${p.seq} (${p.operation}) is ${lateText(locale, Number(p.lateMinutes))} late: due ${p.deadline}, ${p.good} of ${p.qty} good`,
          };
    case 'sync-failure':
      return zh
        ? {
            title: `同步失败：${p.connector}`,
            message: `连接器「${p.connector}」连续 ${p.attempts} 次投递失败：${p.error}`,
          }
        : {
            title: `Sync failed: ${p.connector}`,
            message: `Connector '${p.connector}' failed ${p.attempts} attempts in a row: ${p.error}`,
          };
    case 'emergency-unapproved':
      return zh
        ? {
            title: `紧急领料未审批：${p.request}`,
            message: `紧急领料 ${p.request}（仓库 ${p.warehouse}${p.workOrderNo ? `，工单 ${p.workOrderNo}` : ''}）已过账 ${p.hours} 小时仍未审批：${p.postedAt} 由 ${p.requester} 领出`,
          }
        : {
            title: `Emergency issue not approved: ${p.request}`,
            message: `Emergency issue ${p.request} (warehouse ${p.warehouse}${p.workOrderNo ? `, work order ${p.workOrderNo}` : ''}) was posted ${p.hours} h ago and is still not approved: taken by ${p.requester} at ${p.postedAt}`,
          };
    case 'reconciliation-difference': {
      const kindZh = p.kind === 'workOrders' ? '工单' : '库存';
      const kindEn = p.kind === 'workOrders' ? 'work-order' : 'stock';
      return zh
        ? {
            title: `对账差异：${p.connector}（${kindZh}）`,
            message: `${kindZh}对账发现 ${p.differences} 处差异（数量不符 ${p.differing}，本系统没有 ${p.missingHere}，对方没有 ${p.missingThere}），超过阈值 ${p.threshold}`,
          }
        : {
            title: `Reconciliation differences: ${p.connector} (${kindEn})`,
            message: `${kindEn} reconciliation found ${p.differences} differences (${p.differing} differing, ${p.missingHere} missing here, ${p.missingThere} missing there), above the threshold of ${p.threshold}`,
          };
    }
    default:
      return undefined;
  }
}

function suggestionText(alert: Alert, locale: Locale): string | undefined {
  const order = alert.replenishment;
  if (!order) return locale === 'zh-CN' ? alert.suggestion : undefined;
  const uom = uomLabel(String(alert.params?.uom ?? ''), locale);
  const due = order.dueDate ?? order.releaseDate;
  if (locale === 'zh-CN') {
    return `建议${order.type === 'buy' ? '采购' : '生产'} ${order.qty}${uom ? ` ${uom}` : ''}${due ? `，${due} 前到` : ''}`;
  }
  return `${order.type === 'buy' ? 'Buy' : 'Make'} ${order.qty}${uom ? ` ${uom}` : ''}${due ? `, needed by ${due}` : ''}`;
}

/**
 * An alert's title, message and suggestion in the reader's language, from its kind and params;
 * alerts without params (from an older server) keep the server's Chinese words in Chinese and
 * show only what can be said from their fields in English.
 */
export function alertText(
  alert: Alert,
  locale: Locale = getLocale(),
): { title: string; message?: string; suggestion?: string } {
  const words = alert.params ? worded(alert.kind, alert.params, locale) : undefined;
  const suggestion = suggestionText(alert, locale);
  if (words) return { ...words, ...(suggestion ? { suggestion } : {}) };
  if (locale === 'zh-CN') {
    return {
      title: alert.title,
      ...(alert.message ? { message: alert.message } : {}),
      ...(suggestion ? { suggestion } : {}),
    };
  }
  return { title: `${alert.kind}: ${alert.subject.id}`, ...(suggestion ? { suggestion } : {}) };
}
