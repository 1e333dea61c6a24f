import type { Command } from '../command.js';
import { commandList, dispatch } from '../dispatch.js';
import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { explodeCommand } from './explode.js';
import { whereUsedCommand } from './where-used.js';

const SUBCOMMANDS: Command[] = [explodeCommand, whereUsedCommand, checkCommand, diffCommand];

const HELP = `Usage: shopfloor bom <command> <file> [options]

Bills of materials (物料清单) in .json, .xlsx or .csv files (see docs/bom-format.md).

Commands:
${commandList(SUBCOMMANDS)}

Run 'shopfloor bom <command> --help' for a command's options.
`;

export const bomCommand: Command = {
  name: 'bom',
  summary: 'Explode, trace, check and compare bills of materials in JSON, CSV or Excel files',
  help: HELP,
  run: (argv, context) => dispatch(SUBCOMMANDS, HELP, 'shopfloor bom', argv, context),
};
