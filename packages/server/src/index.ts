export { API_BASE, createApp } from './app.js';
export { prepareDatabase } from './bootstrap.js';
export { ConfigError, loadConfig, type ServerConfig } from './config.js';
export { type DatabaseHandle, type DatabaseOptions, openDatabase } from './db/database.js';
export { latestVersion, migrate } from './db/migrations/index.js';
export type { AppDeps, Clock } from './deps.js';
export { type RunningServer, type StartOptions, startServer } from './server.js';
export { VERSION } from './version.js';
