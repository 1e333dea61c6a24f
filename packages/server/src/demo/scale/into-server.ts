import { sql } from 'kysely';
import { prepareDatabase } from '../../bootstrap.js';
import type { ServerConfig } from '../../config.js';
import { type DatabaseHandle, openDatabase } from '../../db/database.js';
import { catchUpTeamMinutes } from '../../modules/analytics/minutes-worker.js';
import { seedDemoFactory } from '../seed.js';
import { type ScaleSeedResult, seedScale } from './seed.js';
import type { ScaleSize, ScaleSizeName } from './sizes.js';

/**
 * `shopfloor seed-scale`: the server's own database (DATABASE_URL, or the PGlite folder with the
 * server stopped) migrated, the demo plant seeded when the org is empty, then the scale data set.
 */
export async function seedScaleIntoServer(
  config: ServerConfig,
  options: { size: ScaleSizeName | ScaleSize; seed?: number; now?: Date; log?: (m: string) => void },
  database?: DatabaseHandle,
): Promise<ScaleSeedResult> {
  const handle =
    database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 1,
      prepare: config.databasePrepare,
    }));
  try {
    await prepareDatabase(handle.db, config);
    const now = options.now ?? new Date();
    await seedDemoFactory(handle.db, config, { now: () => now });
    const result = await seedScale(handle.db, { orgId: config.orgId, now, ...options, size: options.size });
    // The team comparison's stored minutes, as the worker would fill them on the server's start.
    const t = performance.now();
    const stored = await catchUpTeamMinutes({ db: handle.db, config });
    // Filled after the seed's analyze: their statistics too, or the first answers plan on none.
    await sql`analyze team_comparison_minutes, team_comparison_days`.execute(handle.db);
    options.log?.(`team-comparison minutes: ${stored} reports in ${Math.round(performance.now() - t)} ms`);
    return result;
  } finally {
    if (!database) await handle.close();
  }
}
