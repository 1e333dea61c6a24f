import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type ShopfloorClient as Client, createClient } from '@shopfloor/sdk';
import { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type ServerConfig } from '../src/config.js';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { PGliteDialect } from '../src/db/pglite-dialect.js';
import type { Database } from '../src/db/schema.js';
import type { Clock } from '../src/deps.js';
import { type RunningServer, startServer } from '../src/server.js';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when SHOPFLOOR_TEST_PG_URL names a server. */
export function backends(): Backend[] {
  return process.env.SHOPFLOOR_TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
}

if (!process.env.SHOPFLOOR_TEST_PG_URL && !process.env.SHOPFLOOR_PG_SKIP_NOTED) {
  process.env.SHOPFLOOR_PG_SKIP_NOTED = '1';
  console.warn(
    '[server tests] PostgreSQL pass skipped: SHOPFLOOR_TEST_PG_URL is not set (PGlite pass runs).',
  );
}

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private at: Date = new Date('2026-11-25T09:00:00+08:00')) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date | string): void {
    this.at = new Date(at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface TestServer extends RunningServer {
  backend: Backend;
  clock: TestClock;
  /** A client without a token. */
  anonymous: Client;
  /** Signs in a demo user through dev-login and returns a client carrying the token. */
  as(userId: string): Promise<Client>;
  token(userId: string): Promise<string>;
}

export interface TestServerOptions {
  backend?: Backend;
  env?: Record<string, string>;
  /** Fills the database before the app serves (fixtures, the demo factory). */
  seed?: (db: Kysely<Database>, config: ServerConfig) => Promise<void>;
  /** The server's logger; silent by default, so test output stays quiet. */
  logger?: Logger;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const backend = options.backend ?? 'pglite';
  const config = {
    ...loadConfig({ PORT: '0', SHOPFLOOR_DEMO: 'on', SHOPFLOOR_LOG_LEVEL: 'silent', ...options.env }),
    validateResponses: true,
  };
  const database =
    backend === 'postgres'
      ? await openPostgresSchema({
          prepare: config.databasePrepare,
          // 60 unless the test sets DATABASE_POOL_SIZE: concurrency tests need the connections.
          poolSize: options.env?.DATABASE_POOL_SIZE ? config.databasePoolSize : 60,
        })
      : await openPgliteFromTemplate();
  const clock = new TestClock();
  const server = await startServer(config, {
    clock,
    database,
    workers: false,
    logger: options.logger ?? pino({ level: 'silent' }),
    beforeServe: async (deps) => options.seed?.(deps.db, config),
  });
  const tokens = new Map<string, string>();
  const token = async (userId: string) => {
    const known = tokens.get(userId);
    if (known) return known;
    const session = await createClient({ baseUrl: server.url }).auth.devLogin({ userId });
    tokens.set(userId, session.token);
    return session.token;
  };
  return {
    ...server,
    backend,
    clock,
    anonymous: createClient({ baseUrl: server.url }),
    token,
    async as(userId: string) {
      return createClient({ baseUrl: server.url, token: await token(userId) });
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
}

async function openPgliteFromTemplate(): Promise<DatabaseHandle> {
  const template = new Blob([readFileSync(inject('pgliteTemplate'))]);
  const client = await PGlite.create({
    loadDataDir: template,
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    location: 'memory://',
    async close() {
      await db.destroy();
      await client.close();
    },
  };
}

async function openPostgresSchema(options: { prepare: boolean; poolSize: number }): Promise<DatabaseHandle> {
  const url = process.env.SHOPFLOOR_TEST_PG_URL!;
  const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const handle = await openDatabase({ url, schema, ...options });
  return {
    ...handle,
    async close() {
      await handle.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await handle.close();
    },
  };
}
