import type { AppDeps } from '../../deps.js';
import { openAlert, resolveAlert } from '../alerts/store.js';
import type { Connector } from '../sync/connectors/types.js';
import { appDb, type ReconDb, type RunRow } from './tables.js';

const KIND_ZH = { stock: '库存', workOrders: '工单' } as const;

/** The alert's subject: one per connector and kind. */
export const alertSubject = (connectorId: string, kind: string) => `${connectorId}:${kind}`;

/**
 * A connector with a schedule opens a 'reconciliation-difference' alert (warning) when a run finds
 * more differing and missing rows than its alertAbove, and resolves it when a later run is within.
 * One alert lives per connector and kind: a later run above the threshold refreshes its words.
 */
export async function checkThreshold(
  db: ReconDb,
  deps: AppDeps,
  run: RunRow,
  connector: Connector,
): Promise<'opened' | 'kept' | 'resolved' | 'none'> {
  const schedule = await db
    .selectFrom('reconciliation_schedules')
    .select(['alert_above'])
    .where('connector_id', '=', connector.id)
    .executeTakeFirst();
  if (!schedule || run.status !== 'done') return 'none';
  const subject = alertSubject(connector.id, run.kind);
  const differences = run.missing_here + run.missing_there + run.differing;
  const at = deps.clock.now();
  if (differences <= schedule.alert_above) {
    return (await resolveAlert(appDb(db), run.org_id, 'reconciliation-difference', subject, at))
      ? 'resolved'
      : 'none';
  }
  const params = {
    connector: connector.name,
    connectorId: connector.id,
    kind: run.kind,
    differences,
    differing: run.differing,
    missingHere: run.missing_here,
    missingThere: run.missing_there,
    threshold: schedule.alert_above,
    reconciliation: run.id,
  };
  const { opened } = await openAlert(appDb(db), {
    orgId: run.org_id,
    kind: 'reconciliation-difference',
    severity: 'warning',
    subject,
    message:
      `连接器「${connector.name}」${KIND_ZH[run.kind]}对账发现 ${differences} 处差异` +
      `（数量不符 ${run.differing}，本系统没有 ${run.missing_here}，对方没有 ${run.missing_there}），超过阈值 ${schedule.alert_above}`,
    params,
    suggestion: `查看对账报告 ${run.id}，按责任人核对差异`,
    at,
  });
  return opened ? 'opened' : 'kept';
}
