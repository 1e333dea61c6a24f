import type { AlertKind } from '../../db/schema.js';

/** The values of an alert's message, by name; what each kind carries is listed in ALERT_PARAMS. */
export type AlertParams = Record<string, string | number | null>;

export type AlertLocale = 'zh-CN' | 'en';

const ZH_UOM: Record<string, string> = {
  pcs: '件',
  set: '套',
  pair: '双',
  m: '米',
  mm: '毫米',
  m2: '平方米',
  m3: '立方米',
  kg: '千克',
  g: '克',
  l: '升',
};
const uom = (locale: AlertLocale, code: unknown) =>
  locale === 'zh-CN' ? (ZH_UOM[String(code ?? '')] ?? String(code ?? '')) : String(code ?? '');
const named = (code: unknown, name: unknown) => (name && name !== code ? `${name}（${code}）` : String(code));
const namedEn = (code: unknown, name: unknown) =>
  name && name !== code ? `${name} (${code})` : String(code);

function lateText(locale: AlertLocale, minutes: number): string {
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

/**
 * An alert's title and message in `locale`, from its kind and params; undefined without params
 * (alerts from before they carried them keep their stored Chinese text).
 */
export function alertWords(
  kind: AlertKind,
  params: AlertParams | null | undefined,
  locale: AlertLocale,
): { title: string; message: string } | undefined {
  if (!params) return undefined;
  const p = params;
  const zh = locale === 'zh-CN';
  switch (kind) {
    case 'safety-stock':
      return zh
        ? {
            title: `低于安全库存：${named(p.item, p.itemName)}`,
            message: `${named(p.item, p.itemName)} 库存 ${p.onHand} ${uom(locale, p.uom)}，低于安全库存 ${p.safetyStock} ${uom(locale, p.uom)}`,
          }
        : {
            title: `Below safety stock: ${namedEn(p.item, p.itemName)}`,
            message: `${namedEn(p.item, p.itemName)}: ${p.onHand} ${p.uom} on hand, below the safety stock of ${p.safetyStock} ${p.uom}`,
          };
    case 'overdue-operation':
      if (p.reason === 'slow') {
        return zh
          ? {
              title: `工序用时超标：${p.workOrderNo} 工序 ${p.seq}`,
              message: `工单 ${p.workOrderNo} 工序 ${p.seq}（${p.operation}）自 ${p.startedAt} 开工已用 ${p.elapsedMinutes} 工作分钟，按标准工时 × ${p.tolerance} 应在 ${p.allowedMinutes} 分钟内，合格 ${p.good} / ${p.qty}`,
            }
          : {
              title: `Operation running slow: ${p.workOrderNo} op ${p.seq}`,
              message: `Work order ${p.workOrderNo} operation ${p.seq} (${p.operation}) started ${p.startedAt} and has taken ${p.elapsedMinutes} working minutes; standard × ${p.tolerance} allows ${p.allowedMinutes}; ${p.good} of ${p.qty} good`,
            };
      }
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
            message: `连接器「${p.connector}」（${p.connectorKind}）连续 ${p.attempts} 次投递失败：${p.error}`,
          }
        : {
            title: `Sync failed: ${p.connector}`,
            message: `Connector '${p.connector}' (${p.connectorKind}) failed ${p.attempts} attempts in a row: ${p.error}`,
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
            message: `连接器「${p.connector}」${kindZh}对账发现 ${p.differences} 处差异（数量不符 ${p.differing}，本系统没有 ${p.missingHere}，对方没有 ${p.missingThere}），超过阈值 ${p.threshold}`,
          }
        : {
            title: `Reconciliation differences: ${p.connector} (${kindEn})`,
            message: `Connector '${p.connector}' ${kindEn} reconciliation found ${p.differences} differences (${p.differing} differing, ${p.missingHere} missing here, ${p.missingThere} missing there), above the threshold of ${p.threshold}`,
          };
    }
    default:
      return undefined;
  }
}
