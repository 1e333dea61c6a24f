import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CheckupRun, checkupExitCode, createAdminClient } from '@shopfloor/sdk/admin';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { loadServer } from '../backup/server-config.js';
import type { Command } from '../command.js';
import { doctorLang, renderCheckup } from './render.js';

const HELP = `Usage: shopfloor doctor [--server URL --token TOKEN] [--lang zh-CN|en] [--json]

The check-up (一键体检): database reachable, migrations current, the table privileges the server
needs (with the GRANT that fixes a missing one), backup age, sync outbox lag, dead letters and
failing connectors, DingTalk/WeCom credentials (a real token fetch) and JS-SDK tickets, TLS
certificates of every endpoint a connector calls, disk space, clock skew, and security (admins,
idle API tokens, session secret). Each check prints ok / warn / fail with the fix in one sentence.

Without --server it reads the server's settings (DATABASE_URL, or SHOPFLOOR_DATA_DIR for the
embedded database, and the platform and SMTP settings) and examines the database directly,
writing nothing. The embedded database can be opened by one process only: while the server
runs on it, use --server and an administrator's --token.

Options:
  --server URL     ask the running server instead (GET /api/v1/health/checkup; the run is kept)
  --token TOKEN    an administrator's API token or session token (with --server; or SHOPFLOOR_TOKEN)
  --lang LANG      zh-CN (default) or en; LANG=en_US.UTF-8 also means English
  --json           the run as JSON
  -h, --help       this text

Exit codes: 0 every check ok, 1 a warning, 2 a failure (or unusable input).

Examples:
  DATABASE_URL=postgres://shopfloor_app@db/shopfloor shopfloor doctor
  shopfloor doctor --server http://127.0.0.1:8080 --token sft_… --lang en
`;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check-up (一键体检): every check ok / warn / fail with its fix; exit 0 / 1 / 2',
  help: HELP,
  async run(argv, context) {
    const command = 'shopfloor doctor';
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        server: { type: 'string' },
        token: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean' },
      },
      command,
    );
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    expectPositionals(positionals, [], command);
    if (values.lang !== undefined && !['zh-CN', 'zh', 'en'].includes(String(values.lang))) {
      throw new UsageError(`--lang is zh-CN or en, not '${values.lang}'`, command);
    }
    const lang = doctorLang(values.lang);
    let run: Pick<CheckupRun, 'status' | 'checks' | 'durationMs'>;
    let source: string;
    if (typeof values.server === 'string') {
      const token = typeof values.token === 'string' ? values.token : process.env.SHOPFLOOR_TOKEN;
      if (!token) throw new UsageError('--server needs --token (or SHOPFLOOR_TOKEN)', command);
      run = await askServer(values.server, token);
      source = values.server;
    } else {
      const { server, config } = await loadServer();
      if (!config.databaseUrl) {
        const folder = resolve(config.dataDir);
        if (!existsSync(join(folder, 'PG_VERSION'))) {
          throw new InputError(
            `no embedded database in ${folder}: set SHOPFLOOR_DATA_DIR (or DATABASE_URL) as the server has it`,
          );
        }
        if (server.backups.pgliteFolderInUse(folder)) {
          throw new InputError(
            `the embedded database in ${folder} is in use by a running server (or one that did not stop cleanly left postmaster.pid behind): ask the server with --server URL --token TOKEN`,
          );
        }
        source = `PGlite ${folder}`;
      } else {
        const url = new URL(config.databaseUrl);
        url.password = url.password ? '***' : '';
        source = url.toString();
      }
      run = await server.checkup.checkupInDatabase(config);
    }
    context.out.write(values.json ? `${JSON.stringify(run, null, 2)}\n` : renderCheckup(run, lang, source));
    return checkupExitCode(run.status);
  },
};

async function askServer(serverUrl: string, token: string): Promise<CheckupRun> {
  const client = createAdminClient({
    baseUrl: serverUrl.replace(/\/+$/, ''),
    token,
    retry: { limit: 0 },
    timeoutMs: 60_000,
  });
  try {
    return await client.checkup.run();
  } catch (error) {
    const e = error as Error & { status?: number };
    if (e.status === 401 || e.status === 403) {
      throw new InputError(
        `${serverUrl} refused the token (${e.status}): the check-up needs an administrator's token`,
      );
    }
    throw new InputError(`cannot run the check-up on ${serverUrl}: ${e.message}`);
  }
}
