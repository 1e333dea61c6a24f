export { API_BASE, createApp } from './app.js';
export { prepareDatabase } from './bootstrap.js';
export { ConfigError, loadConfig, type ServerConfig } from './config.js';
export { type DatabaseHandle, type DatabaseOptions, openDatabase } from './db/database.js';
export { currentVersion, latestVersion, migrate } from './db/migrations/index.js';
// The demo factory, for tools that start a server of their own (the benchmark, embedding hosts).
export {
  DEMO_USERS,
  type DemoSeedResult,
  type DemoUser,
  demoBomDocument,
  seedDemoFactory,
} from './demo/index.js';
// The year-of-data generator, for `shopfloor seed-scale` and the bench's `scale` section.
export * as scale from './demo/scale/index.js';
export type { AppDeps, Clock } from './deps.js';
// Backups, for `shopfloor backup` and `shopfloor restore`.
export * as backups from './modules/backup/index.js';
export * as checkup from './modules/checkup/index.js';
export { type GrantAdminInput, grantAdminInDatabase } from './recovery.js';
export { type RunningServer, type StartOptions, startServer } from './server.js';
export { VERSION } from './version.js';
