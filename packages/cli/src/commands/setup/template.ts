import { writeFile } from 'node:fs/promises';
import { writeSetupWorkbook } from '@shopfloor/bom-io';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT, InputError } from '../../errors.js';
import type { Command } from '../command.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connect, talking, wantsServer } from './connection.js';
import { Progress, sizeText } from './progress.js';

async function save(out: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFile(out, bytes);
  } catch (error) {
    throw new InputError(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

const TEMPLATE = 'shopfloor setup template';
const TEMPLATE_HELP = `Usage: ${TEMPLATE} <out.xlsx> [--server URL --token sft_…]

Writes the empty setup workbook (开账工作簿): a 说明 sheet explaining every column in Chinese and
English, then one sheet per list with its header and an example row. Without --server it is made
here, offline, by the same code the server uses (@shopfloor/bom-io); with --server it is the
server's own template (GET /api/v1/setup/workbook.xlsx), for a server of another version.

Options:
${CONNECTION_HELP}
  -h, --help        this text
`;

export const templateCommand: Command = {
  name: 'template',
  summary: 'Write the empty setup workbook (offline, or from --server)',
  help: TEMPLATE_HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(argv, CONNECTION_OPTIONS, TEMPLATE);
    if (values.help) {
      context.out.write(TEMPLATE_HELP);
      return EXIT.ok;
    }
    const [out] = expectPositionals(positionals, ['out.xlsx'], TEMPLATE);
    const progress = new Progress(context.io.stderr);
    let bytes: Uint8Array;
    if (wantsServer(values)) {
      const client = connect(values, TEMPLATE);
      bytes = await progress.step('downloading the template', () =>
        talking(client.apiBase, () => client.setup.template()),
      );
    } else bytes = await progress.step('writing the template', () => writeSetupWorkbook());
    await save(out!, bytes);
    context.out.write(`${out}: setup workbook template, ${sizeText(bytes.length)}\n`);
    return EXIT.ok;
  },
};

const EXPORT = 'shopfloor setup export';
const EXPORT_HELP = `Usage: ${EXPORT} <out.xlsx> --server URL --token sft_…

Writes the server's current plant data in the setup workbook's shape (GET
/api/v1/setup/workbook.xlsx?filled=true): edit it and import it back with
'shopfloor setup import'; unchanged rows stay unchanged.

Options:
${CONNECTION_HELP}
  -h, --help        this text
`;

export const exportCommand: Command = {
  name: 'export',
  summary: "Write a server's plant data as a setup workbook, to edit and import back",
  help: EXPORT_HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(argv, CONNECTION_OPTIONS, EXPORT);
    if (values.help) {
      context.out.write(EXPORT_HELP);
      return EXIT.ok;
    }
    const [out] = expectPositionals(positionals, ['out.xlsx'], EXPORT);
    const client = connect(values, EXPORT);
    const progress = new Progress(context.io.stderr);
    const bytes = await progress.step('exporting the plant data', () =>
      talking(client.apiBase, () => client.setup.export()),
    );
    await save(out!, bytes);
    context.out.write(
      `${out}: the plant data of ${client.apiBase.replace(/\/api\/v1$/, '')}, ${sizeText(bytes.length)}\n`,
    );
    return EXIT.ok;
  },
};
