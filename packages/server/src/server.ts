import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { createApp } from './app.js';
import { prepareDatabase } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { type AppDeps, type Clock, systemClock } from './deps.js';
import { createServices, type Services } from './modules/services.js';

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  database: DatabaseHandle;
  services: Services;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already open database (tests share prepared ones); opened from the config otherwise. */
  database?: DatabaseHandle;
  /** Background workers (sync delivery, overdue checks). Tests drive them by hand. */
  workers?: boolean;
  /** Runs after migrations, before the app serves: the demo seed hooks in here. */
  beforeServe?: (deps: AppDeps) => Promise<void>;
}

/** Opens the database, migrates, and serves the API, the docs and the H5 app. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'shopfloor' } });
  const database =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      prepare: config.databasePrepare,
      onIdleError: (err) => logger.warn({ err }, 'database connection lost; the next query reconnects'),
    }));
  const prepared = await prepareDatabase(database.db, config);
  const { sessionSecret } = prepared;
  if (prepared.migrationsApplied.length > 0) {
    logger.info(
      { applied: prepared.migrationsApplied, schemaVersion: prepared.schemaVersion },
      'migrations applied',
    );
  }
  const retired = prepared.demoRetired;
  if (retired.users > 0 || retired.apiTokens > 0 || retired.sessionSecretRotated) {
    logger.warn(
      retired,
      `demo mode is off: ${retired.users} demo users deactivated, ${retired.apiTokens} API tokens minted in demo mode revoked` +
        `${retired.sessionSecretRotated ? ', session secret renewed' : ''}; sessions minted in demo mode are refused`,
    );
  }
  if (prepared.readOnly) {
    logger.warn('the database refuses writes: serving reads; changes answer 503 and /health says degraded');
  }
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    config,
    clock: options.clock ?? systemClock,
    logger,
    secrets: { session: sessionSecret },
    services: undefined as unknown as Services,
  };
  const services = createServices(deps);
  deps.services = services;
  await options.beforeServe?.(deps);
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const stopWorkers = options.workers === false ? () => Promise.resolve() : services.startWorkers();
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info(
    {
      url,
      host: config.host,
      port,
      database: database.kind,
      databaseLocation: database.location,
      schemaVersion: prepared.schemaVersion,
      migrationsApplied: prepared.migrationsApplied,
      readOnly: prepared.readOnly,
      demo: config.demo,
      platforms: [config.dingtalk && 'dingtalk', config.wecom && 'wecom'].filter(Boolean),
      workers: options.workers !== false,
    },
    'shopfloor started',
  );
  return {
    url,
    port,
    deps,
    database,
    services,
    async close() {
      logger.info('shopfloor stopping');
      await stopWorkers();
      // Queue consumers started by a tick driven by hand (tests) are stopped too.
      await services.workers.inbound.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.database) await database.close();
    },
  };
}
