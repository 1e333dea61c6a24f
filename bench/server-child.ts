/**
 * The server under load for bench/server.ts, in a process of its own: the load generator
 * (autocannon, in the parent) must not share this event loop. Forked with an IPC channel; starts
 * the BUILT server (packages/server/dist) the way `pnpm start` does — demo mode, the demo factory
 * seeded before it serves, background workers on — on the database the parent names, then answers
 * the parent's questions about what the database holds.
 *
 * Parent → child: { type: 'count', workOrders, seq } | { type: 'profile', … } | { type: 'close' }.
 * Child → parent: { type: 'ready', url, seeded, items, workOrders } | { type: 'count', … } |
 * { type: 'profiled' } | { type: 'closed' } | { type: 'error', message }.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import type * as ServerApi from '../packages/server/src/index.js';

export interface ChildOptions {
  backend: 'pglite' | 'postgres';
  /** PGlite data folder (fresh, removed on close). */
  dataDir?: string;
  /** PostgreSQL URL and the fresh schema to work in (dropped on close). */
  pgUrl?: string;
  schema?: string;
  /** PostgreSQL connections; the server's DATABASE_POOL_SIZE default when absent. */
  poolSize?: number;
  /** Keep the schema on close (a schema seeded before, e.g. a year's data): it is not this run's. */
  keepSchema?: boolean;
  /** Background workers; when absent, on unless SHOPFLOOR_BENCH_WORKERS=off. */
  workers?: boolean;
  /** Run the server's sources (through tsx) instead of packages/server/dist. */
  sources?: boolean;
}

export type ChildRequest =
  | { type: 'count'; workOrders: string[]; seq: number }
  /** CPU profile of the server between start and stop, written to `file` (.cpuprofile). */
  | { type: 'profile'; action: 'start' }
  | { type: 'profile'; action: 'stop'; file: string }
  | { type: 'close' };

export interface ChildCounts {
  type: 'count';
  /** operation_reports rows of the given work orders. */
  reports: number;
  /** idempotency_keys rows of the org. */
  keys: number;
  /** Good quantity reported so far on operation `seq` of the given work orders. */
  firstOpGood: number;
  /** CPU time of the server process so far (user + system), in microseconds. */
  cpuMicros: number;
  /** Statements the server sent to PostgreSQL so far (round trips; the count's own excluded). */
  statements: number;
}

export type ChildMessage =
  | { type: 'ready'; url: string; seeded: boolean; items: number; workOrders: number }
  | ChildCounts
  | { type: 'profiled' }
  | { type: 'closed' }
  | { type: 'error'; message: string };

const SERVER_DIST = new URL('../packages/server/dist/index.js', import.meta.url);
const SERVER_SOURCES = new URL('../packages/server/src/index.js', import.meta.url);

/** Every statement the pg driver sends counts one: round trips per report are what a report costs. */
let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.SHOPFLOOR_BENCH_CHILD ?? '{}') as ChildOptions;
  const server = (await import((options.sources ? SERVER_SOURCES : SERVER_DIST).href)) as typeof ServerApi;
  const config = server.loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SHOPFLOOR_DEMO: 'on',
    // Errors still print; info-level lines (none per request today) would only add noise here.
    SHOPFLOOR_LOG_LEVEL: 'warn',
    SHOPFLOOR_DATA_DIR: options.dataDir ?? 'memory://',
    ...(options.poolSize ? { DATABASE_POOL_SIZE: String(options.poolSize) } : {}),
  });
  const database = await server.openDatabase(
    options.backend === 'postgres'
      ? { url: options.pgUrl, schema: options.schema, poolSize: config.databasePoolSize }
      : { dataDir: options.dataDir ?? 'memory://' },
  );
  let seed: ServerApi.DemoSeedResult | undefined;
  const running = await server.startServer(config, {
    database,
    // Background workers on, as in production; SHOPFLOOR_BENCH_WORKERS=off measures without them.
    workers: options.workers ?? process.env.SHOPFLOOR_BENCH_WORKERS !== 'off',
    beforeServe: async (deps) => {
      seed = await server.seedDemoFactory(deps.db, config, deps.clock);
    },
  });
  const db = database.db;
  const inspector = new Session();

  process.on('message', (request: ChildRequest) => {
    const answer = async (): Promise<ChildMessage> => {
      if (request.type === 'close') {
        await running.close();
        if (options.backend === 'postgres' && options.schema && !options.keepSchema) {
          await db.schema.dropSchema(options.schema).ifExists().cascade().execute();
        }
        await database.close();
        if (options.dataDir) rmSync(options.dataDir, { recursive: true, force: true });
        return { type: 'closed' };
      }
      if (request.type === 'profile') {
        if (request.action === 'start') {
          inspector.connect();
          await inspector.post('Profiler.enable');
          await inspector.post('Profiler.start');
        } else {
          const { profile } = await inspector.post('Profiler.stop');
          inspector.disconnect();
          writeFileSync(request.file, JSON.stringify(profile));
        }
        return { type: 'profiled' };
      }
      const cpu = process.cpuUsage();
      const sent = statements;
      const nos = request.workOrders;

      const reports = await db
        .selectFrom('operation_reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', config.orgId)
        .where('work_order_no', 'in', nos)
        .executeTakeFirstOrThrow();
      const keys = await db
        .selectFrom('idempotency_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', config.orgId)
        .executeTakeFirstOrThrow();
      const good = await db
        .selectFrom('work_order_operations')
        .select((eb) => eb.fn.sum<string>('good_qty').as('good'))
        .where('org_id', '=', config.orgId)
        .where('work_order_no', 'in', nos)
        .where('seq', '=', request.seq)
        .executeTakeFirstOrThrow();
      return {
        type: 'count',
        reports: Number(reports.n),
        keys: Number(keys.n),
        firstOpGood: Number(good.good ?? 0),
        cpuMicros: cpu.user + cpu.system,
        statements: sent,
      };
    };
    answer().then(
      (message) => {
        send(message);
        if (message.type === 'closed') process.disconnect();
      },
      (error: unknown) => send({ type: 'error', message: String(error) }),
    );
  });

  send({
    type: 'ready',
    url: running.url,
    seeded: seed?.seeded ?? false,
    items: seed?.items ?? 0,
    workOrders: seed?.workOrders ?? 0,
  });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
