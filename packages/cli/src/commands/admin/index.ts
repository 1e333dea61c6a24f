import type { Command } from '../command.js';
import { commandList, dispatch } from '../dispatch.js';
import { grantCommand } from './grant.js';

const SUBCOMMANDS: Command[] = [grantCommand];

const HELP = `Usage: shopfloor admin <command> [options]

Administration straight on the server's database (see docs/api/auth.md).

Commands:
${commandList(SUBCOMMANDS)}
`;

export const adminCommand: Command = {
  name: 'admin',
  summary: 'Recovery on the server database: make a platform user an administrator',
  help: HELP,
  run: (argv, context) => dispatch(SUBCOMMANDS, HELP, 'shopfloor admin', argv, context),
};
