import type { AppDeps } from '../../deps.js';
import { dateShanghai } from '../../shared/time.js';
import type { Worker } from '../../shared/worker.js';
import { errorText } from '../sync/connectors/types.js';
import { pullSnapshot } from './pull.js';
import { findConnector, runReconciliation } from './run.js';
import { fromRecords } from './snapshot.js';
import { storeFailedRun } from './store.js';
import { type ReconciliationKind, reconDb } from './tables.js';

/** HH:MM of an instant in Asia/Shanghai. */
export const timeShanghai = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);

/**
 * The daily reconciliations: each connector's schedule is due once per Shanghai day, from its
 * time of day on (later that day if no server ran then). A replica claims the day by moving the
 * schedule's last_run_day in one statement, so replicas that tick together run it once; then it
 * pulls each kind through the connector and compares. A pull that fails is kept as a failed run.
 */
export function createReconciliationWorker(deps: AppDeps): Worker {
  return {
    name: 'reconciliation',
    async tick() {
      const now = deps.clock.now();
      const today = dateShanghai(now);
      const db = reconDb(deps.db);
      const due = await db
        .selectFrom('reconciliation_schedules as s')
        .innerJoin('sync_connectors as c', 'c.id', 's.connector_id')
        .select(['s.connector_id', 's.org_id', 's.kinds'])
        .where('c.deleted_at', 'is', null)
        .where('c.enabled', '=', true)
        .where('s.at', '<=', timeShanghai(now))
        .where((eb) => eb.or([eb('s.last_run_day', 'is', null), eb('s.last_run_day', '<', today)]))
        .execute();
      let ran = 0;
      for (const schedule of due) {
        const claimed = await db
          .updateTable('reconciliation_schedules')
          .set({ last_run_day: today })
          .where('connector_id', '=', schedule.connector_id)
          .where((eb) => eb.or([eb('last_run_day', 'is', null), eb('last_run_day', '<', today)]))
          .returning('connector_id')
          .executeTakeFirst();
        if (!claimed) continue;
        for (const kind of schedule.kinds as ReconciliationKind[]) {
          await runScheduled(deps, schedule.org_id, schedule.connector_id, kind);
          ran++;
        }
      }
      return ran;
    },
  };
}

async function runScheduled(deps: AppDeps, orgId: string, connectorId: string, kind: ReconciliationKind) {
  const connector = await findConnector(deps.db, orgId, connectorId);
  const base = { orgId, kind, connectorId, source: 'schedule' as const, fileName: null, createdBy: 'system' };
  let pulled: Awaited<ReturnType<typeof pullSnapshot>>;
  try {
    pulled = await pullSnapshot(deps.db, deps, connector, kind);
  } catch (error) {
    await storeFailedRun(reconDb(deps.db), { ...base, at: deps.clock.now() }, errorText(error));
    deps.logger.warn({ connectorId, kind, err: error }, 'scheduled reconciliation could not pull');
    return;
  }
  try {
    await deps.db.transaction().execute((tx) =>
      runReconciliation(tx, deps, {
        orgId,
        userId: 'system',
        kind,
        connector,
        source: 'schedule',
        snapshot: fromRecords(pulled.records),
        names: pulled.names,
      }),
    );
  } catch (error) {
    await storeFailedRun(reconDb(deps.db), { ...base, at: deps.clock.now() }, errorText(error));
    deps.logger.warn({ connectorId, kind, err: error }, 'scheduled reconciliation failed');
  }
}
