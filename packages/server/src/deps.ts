import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.js';
import type { Database } from './db/schema.js';
import type { Services } from './modules/services.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Everything the app needs from outside, passed in so tests can swap time and the platforms. */
export interface AppDeps {
  db: Kysely<Database>;
  dbKind: 'pglite' | 'postgres';
  config: ServerConfig;
  clock: Clock;
  logger: Logger;
  secrets: { session: string };
  /** Per-module services that keep caches (the compiled BOM) and workers; see modules/services.ts. */
  services: Services;
}
