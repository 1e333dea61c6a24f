import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { initial } from './0001-initial.js';
import { productionSchema } from './0002-production.js';
import { stockSchema } from './0003-stock.js';
import { platformSchema } from './0004-platform.js';
import { catalogSchema } from './0005-catalog.js';
import { plantSchema } from './0006-plant.js';
import { alertParamsSchema } from './0007-alert-params.js';
import { backupsSchema } from './0008-backups.js';
import { roleRequestsSchema } from './0009-role-requests.js';
import { checkupsSchema } from './0010-checkups.js';
import { cycleCountsSchema } from './0011-cycle-counts.js';
import { transfersSchema } from './0012-transfers.js';
import { syncFailuresSchema } from './0013-sync-failures.js';
import { connectorKindsSchema } from './0014-connector-kinds.js';
import { mappingsSchema } from './0015-mappings.js';
import { inboundSchema } from './0016-inbound.js';
import { reconciliationsSchema } from './0017-reconciliations.js';
import { inboundRunsSchema } from './0018-inbound-runs.js';
import { ownersSchedulesSchema } from './0019-owners-schedules.js';
import { workOrderLifecycleSchema } from './0020-work-order-lifecycle.js';
import { chatCardsSchema } from './0021-chat-cards.js';
import { alertRulesSchema } from './0022-alert-rules.js';
import { teamComparisonSchema } from './0023-team-comparison.js';
import { scaleIndexesSchema } from './0024-scale-indexes.js';
import { openOperationsIndexSchema } from './0025-open-operations-index.js';
import { teamComparisonMinutesSchema } from './0026-team-comparison-minutes.js';
import { teamMinutesGenerationSchema } from './0027-team-minutes-generation.js';
import { dropReportPrefixIndexSchema } from './0028-drop-report-prefix-index.js';
import { teamComparisonDaysSchema } from './0029-team-comparison-days.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Versioned, forward-only. Append; never edit a migration that has shipped. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'production', sql: productionSchema },
  { version: 3, name: 'stock', sql: stockSchema },
  { version: 4, name: 'platform', sql: platformSchema },
  { version: 5, name: 'catalog', sql: catalogSchema },
  { version: 6, name: 'plant', sql: plantSchema },
  { version: 7, name: 'alert-params', sql: alertParamsSchema },
  { version: 8, name: 'backups', sql: backupsSchema },
  { version: 9, name: 'role-requests', sql: roleRequestsSchema },
  { version: 10, name: 'checkups', sql: checkupsSchema },
  { version: 11, name: 'cycle-counts', sql: cycleCountsSchema },
  { version: 12, name: 'transfers', sql: transfersSchema },
  { version: 13, name: 'sync-failures', sql: syncFailuresSchema },
  { version: 14, name: 'connector-kinds', sql: connectorKindsSchema },
  { version: 15, name: 'mappings', sql: mappingsSchema },
  { version: 16, name: 'inbound', sql: inboundSchema },
  { version: 17, name: 'reconciliations', sql: reconciliationsSchema },
  { version: 18, name: 'inbound-runs', sql: inboundRunsSchema },
  { version: 19, name: 'owners-schedules', sql: ownersSchedulesSchema },
  { version: 20, name: 'work-order-lifecycle', sql: workOrderLifecycleSchema },
  { version: 21, name: 'chat-cards', sql: chatCardsSchema },
  { version: 22, name: 'alert-rules', sql: alertRulesSchema },
  { version: 23, name: 'team-comparison', sql: teamComparisonSchema },
  { version: 24, name: 'scale-indexes', sql: scaleIndexesSchema },
  { version: 25, name: 'open-operations-index', sql: openOperationsIndexSchema },
  { version: 26, name: 'team-comparison-minutes', sql: teamComparisonMinutesSchema },
  { version: 27, name: 'team-minutes-generation', sql: teamMinutesGenerationSchema },
  { version: 28, name: 'drop-report-prefix-index', sql: dropReportPrefixIndexSchema },
  { version: 29, name: 'team-comparison-days', sql: teamComparisonDaysSchema },
];

export const latestVersion = migrations.at(-1)!.version;

/**
 * Applies pending migrations in one transaction each. An advisory lock keeps two replicas that
 * start together from migrating twice.
 */
export async function migrate(db: Kysely<Database>): Promise<{ applied: number[] }> {
  const applied: number[] = [];
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(7260401)`.execute(tx);
    await sql`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`.execute(tx);
    const done = await sql<{ version: number }>`select version from schema_migrations`.execute(tx);
    const have = new Set(done.rows.map((r) => Number(r.version)));
    for (const m of migrations) {
      if (have.has(m.version)) continue;
      // One statement at a time: PGlite's extended protocol takes a single statement per query.
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((t) => t.trim())
        .filter(Boolean)) {
        await sql.raw(statement).execute(tx);
      }
      await sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`.execute(tx);
      applied.push(m.version);
    }
  });
  return { applied };
}

export async function currentVersion(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ v: number | null }>`select max(version) as v from schema_migrations`.execute(db);
  return Number(r.rows[0]?.v ?? 0);
}
