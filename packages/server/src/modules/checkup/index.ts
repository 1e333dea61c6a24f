// The check-up (一键体检) for tools outside the server: `shopfloor doctor` runs the same checks
// straight against the database. See docs/checkup.md.
import type { ServerConfig } from '../../config.js';
import { type DatabaseHandle, openDatabase } from '../../db/database.js';
import { systemClock } from '../../deps.js';
import { type CheckupThresholds, DEFAULT_THRESHOLDS } from './context.js';
import { type CheckupResult, runCheckup } from './run.js';

export { type CheckupThresholds, DEFAULT_THRESHOLDS } from './context.js';
export { CHECKS, type CheckupResult } from './run.js';

/**
 * Runs every check against the database the config names (DATABASE_URL, or the PGlite folder),
 * without migrating or writing anything: a database that lost its rights is examined as it is.
 */
export async function checkupInDatabase(
  config: ServerConfig,
  options: { database?: DatabaseHandle; thresholds?: Partial<CheckupThresholds> } = {},
): Promise<CheckupResult> {
  const handle =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 2,
      prepare: config.databasePrepare,
    }));
  try {
    return await runCheckup({
      db: handle.db,
      dbKind: handle.kind,
      config,
      clock: systemClock,
      thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    });
  } finally {
    if (!options.database) await handle.close();
  }
}
