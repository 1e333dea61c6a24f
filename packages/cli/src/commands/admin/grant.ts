import { userInfo } from 'node:os';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT, InputError } from '../../errors.js';
import type { Command } from '../command.js';

const HELP = `Usage: shopfloor admin grant <dingtalk|wecom>:<userid> [--name NAME]

Makes a DingTalk or WeCom user an administrator of Shopfloor, straight in the database the server
uses — the recovery when every administrator has left. Created if they never signed in; reactivated
if deactivated; written to the audit log (actor cli:<your login>).

The database is the server's, from the same settings: DATABASE_URL (PostgreSQL) or
SHOPFLOOR_DATA_DIR (the embedded database, default ./.shopfloor), and SHOPFLOOR_ORG_ID.
Stop the server first when it runs on the embedded database: only one process can open its folder.

Options:
  --name NAME   the name shown until their first sign-in (default: the userid)
  -h, --help    this text

Example:
  SHOPFLOOR_DATA_DIR=/srv/shopfloor shopfloor admin grant dingtalk:manager01 --name 王厂长
`;

export const grantCommand: Command = {
  name: 'grant',
  summary: 'Make a DingTalk or WeCom user an administrator (recovery, needs database access)',
  help: HELP,
  async run(argv, context) {
    const command = 'shopfloor admin grant';
    const { values, positionals } = parseCommandArgs(argv, { name: { type: 'string' } }, command);
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    const [who] = expectPositionals(positionals, ['platform:userid'], command);
    const match = /^(dingtalk|wecom):(.{1,64})$/.exec(who!);
    if (!match) throw new InputError(`'${who}' is not dingtalk:<userid> or wecom:<userid>`);
    // The server's code is loaded only here: the bom commands stay quick to start.
    const server = await import('@shopfloor/server');
    let config: import('@shopfloor/server').ServerConfig;
    try {
      config = server.loadConfig(process.env);
    } catch (error) {
      if (error instanceof server.ConfigError) throw new InputError(error.problems.join('; '));
      throw error;
    }
    const granted = await server.grantAdminInDatabase(config, {
      platform: match[1] as 'dingtalk' | 'wecom',
      platformUserId: match[2]!,
      name: typeof values.name === 'string' ? values.name : undefined,
      actor: `cli:${safeLogin()}`,
    });
    context.out.write(
      `${granted.userId} is an administrator now (${granted.created ? 'created' : 'existing user'}; roles ${granted.roles.join(', ')})\n`,
    );
    return EXIT.ok;
  },
};

function safeLogin(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
