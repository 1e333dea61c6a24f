import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_BASE } from './app.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { DEMO_USERS, type DemoSeedResult, seedDemoFactory } from './demo/index.js';
import { startDailyBackups } from './modules/backup/daily.js';
import { type RunningServer, startServer } from './server.js';

/** The process entry of `pnpm start`: configuration, the demo seed, the server, a banner, clean exits. */
async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`shopfloor: cannot start, the configuration has problems:\n`);
    for (const problem of err.problems) process.stderr.write(`  - ${problem}\n`);
    process.exit(2);
  }
  // The built H5 app sits next to this package in the workspace (packages/server/{src,dist} → packages/miniapp).
  config.appDir ??= resolve(dirname(fileURLToPath(import.meta.url)), '../../miniapp/dist/h5');
  config.consoleDir ??= resolve(dirname(fileURLToPath(import.meta.url)), '../../console/dist');

  let seed: DemoSeedResult | undefined;
  const server = await startServer(config, {
    beforeServe: async (deps) => {
      if (config.demo) seed = await seedDemoFactory(deps.db, config, deps.clock);
    },
  });
  // Daily backups into SHOPFLOOR_BACKUP_DIR (none when unset); stopped before the database closes.
  const stopDailyBackups = startDailyBackups(server.deps);
  stopOnSignals({ ...server, close: () => stopDailyBackups().then(() => server.close()) });
  process.stdout.write(banner(server, config, seed, process.uptime()));
}

function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: string) => {
    // A second Ctrl+C means "now": do not wait for open connections.
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write(`\nshopfloor: ${signal}, stopping…\n`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shopfloor: stopped with an error: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function banner(
  server: RunningServer,
  config: ServerConfig,
  seed: DemoSeedResult | undefined,
  seconds: number,
): string {
  const base = server.url;
  const built = (dir: string | undefined) => dir !== undefined && existsSync(resolve(dir, 'index.html'));
  const placeholder = '   (not built yet: a placeholder page answers)';
  const database =
    server.database.kind === 'pglite'
      ? `embedded PGlite, data in ${resolve(server.database.location)}`
      : `PostgreSQL ${server.database.location}`;
  const lines = [
    '',
    `Shopfloor is ready in ${seconds.toFixed(1)} s`,
    '',
    `  API      ${base}${API_BASE}`,
    `  Docs     ${base}/docs`,
    `  App      ${base}/app/${built(config.appDir) ? '' : placeholder}`,
    `  Console  ${base}/console/${built(config.consoleDir) ? '' : placeholder}`,
    `  Data     ${database}`,
  ];
  if (config.demo) {
    const seeded = seed?.seeded
      ? `seeded now: ${seed.items} items, ${seed.bomLines} BOM lines on ${seed.levels} levels, ${seed.workOrders} work orders`
      : 'already seeded';
    lines.push(
      '',
      `Demo mode (演示工厂, ${seeded}). Sign in with POST ${API_BASE}/auth/dev-login {"userId": "…"}:`,
    );
    const width = Math.max(...DEMO_USERS.map((u) => u.id.length));
    for (const user of DEMO_USERS) {
      const scope = [...user.workshops, ...user.warehouses].join(', ');
      lines.push(
        `  ${user.id.padEnd(width)}  ${user.name}  ${user.roles.join(', ')}${scope ? `  (${scope})` : ''}`,
      );
    }
  } else {
    const platforms = [config.dingtalk && 'DingTalk', config.wecom && 'WeCom'].filter(Boolean);
    lines.push(
      '',
      platforms.length > 0
        ? `Demo mode off: users sign in through ${platforms.join(' and ')}.`
        : 'Demo mode off and no DingTalk or WeCom credentials: only API tokens can sign in.',
    );
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  return `${lines.join('\n')}\n`;
}

main().catch((err: unknown) => {
  const code = (err as { code?: string })?.code;
  const reason =
    code === 'EADDRINUSE'
      ? `port ${process.env.PORT ?? 8080} is in use: set PORT to another one`
      : err instanceof Error
        ? (err.stack ?? err.message)
        : String(err);
  process.stderr.write(`shopfloor: could not start: ${reason}\n`);
  process.exit(1);
});
