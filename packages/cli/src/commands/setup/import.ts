import { readFile } from 'node:fs/promises';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT, InputError, UsageError } from '../../errors.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connect, talking } from './connection.js';
import { Progress, sizeText } from './progress.js';
import { renderReport, verdict } from './report.js';

const COMMAND = 'shopfloor setup import';

const HELP = `Usage: ${COMMAND} <file.xlsx> --server URL --token sft_… [--dry-run] [--json] [--lang zh|en]

Imports the setup workbook (开账工作簿) into a Shopfloor server, all or nothing: warehouses,
locations, workshops, work centers, users, items, BOM, unit conversions, routings and opening
stock (docs/setup-workbook.md). Prints per sheet what was created, updated or left unchanged,
and every problem with its sheet, Excel row and column. With any problem nothing is written.

Exit status: 0 imported (or checked clean with --dry-run), 1 the workbook has problems,
2 the file or the server cannot be reached or refuses the request.

Options:
${CONNECTION_HELP}
  --dry-run         check only: the report says what the import would do, nothing is written
  --json            print the report as JSON (the API's SetupReport)
  --lang zh|en      language of the problems (default zh)
  -h, --help        this text

Example:
  SHOPFLOOR_TOKEN=sft_… ${COMMAND} plant.xlsx --server https://mes.example.com --dry-run
`;

export const importCommand: Command = {
  name: 'import',
  summary: 'Import (or --dry-run: check) the setup workbook on a server, all or nothing',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        ...CONNECTION_OPTIONS,
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
      },
      COMMAND,
    );
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    const [file] = expectPositionals(positionals, ['file.xlsx'], COMMAND);
    const language = values.lang ?? 'zh';
    if (language !== 'zh' && language !== 'en')
      throw new UsageError(`--lang is zh or en, got '${language}'`, COMMAND);
    const client = connect(values, COMMAND);
    const dryRun = values['dry-run'] === true;
    const progress = new Progress(context.io.stderr);

    const bytes = await progress.step(`reading ${file}`, async () => {
      try {
        return new Uint8Array(await readFile(file!));
      } catch (error) {
        throw new InputError(
          `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
    });
    const report = await progress.step(
      `${dryRun ? 'checking' : 'importing'} ${sizeText(bytes.length)} on ${client.apiBase.replace(/\/api\/v1$/, '')}`,
      () => talking(client.apiBase, () => client.setup.import(bytes, { dryRun })),
    );
    progress.done(report.applied ? 'imported' : dryRun ? 'checked' : 'refused');

    if (values.json) context.out.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const table = renderReport(report, language);
      if (table) context.out.write(`${table}\n`);
      context.out.write(`${verdict(report)}\n`);
    }
    return report.problems.length > 0 ? EXIT.checkFailed : EXIT.ok;
  },
};
