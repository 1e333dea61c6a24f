import type { Command } from '../command.js';
import { commandList, dispatch } from '../dispatch.js';
import { importCommand } from './import.js';
import { exportCommand, templateCommand } from './template.js';

const SUBCOMMANDS: Command[] = [templateCommand, importCommand, exportCommand];

const HELP = `Usage: shopfloor setup <command> [options]

The setup workbook (开账工作簿): one Excel file a factory fills in to set up Shopfloor —
warehouses, locations, workshops, work centers, users, items, BOM, routings, opening stock
(docs/setup-workbook.md). The server commands go through the SDK (@shopfloor/sdk/admin).

Commands:
${commandList(SUBCOMMANDS)}
`;

export const setupCommand: Command = {
  name: 'setup',
  summary: 'The setup workbook: template, import (with --dry-run), export',
  help: HELP,
  run: (argv, context) => dispatch(SUBCOMMANDS, HELP, 'shopfloor setup', argv, context),
};
