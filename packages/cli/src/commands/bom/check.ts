import { type BomIssue, validateBom } from '@shopfloor/bom-engine';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT } from '../../errors.js';
import { type LoadedBom, loadBomFile, locationOf } from '../../load/index.js';
import type { Command } from '../command.js';

const COMMAND = 'shopfloor bom check';

const HELP = `Usage: ${COMMAND} <file> [--json]

Validates a BOM file and lists every problem: errors (the BOM cannot be used) and warnings
(it can, but probably not as meant), each with where it is in the file.

Exit status: 0 no errors (warnings allowed), 1 the BOM has errors, 2 the file cannot be read.

Options:
  --json       JSON: { file, items, lines, errors, warnings, issues }
  -h, --help   Show this help
`;

interface LocatedIssue extends BomIssue {
  /** Where in the file, e.g. `sheet BOM row 14`; absent when the message says it already. */
  location?: string;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate a BOM file: every error and warning, with its place in the file',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, COMMAND);
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    const [file] = expectPositionals(positionals, ['file'], COMMAND);
    const loaded = await loadBomFile(file);
    const issues = locate(loaded, validateBom(loaded.document));
    const errors = issues.filter((issue) => issue.severity === 'error').length;
    const warnings = issues.length - errors;
    const items = loaded.document.items.length;
    const lines = loaded.document.bomLines.length;

    if (values.json) {
      context.out.write(`${JSON.stringify({ file, items, lines, errors, warnings, issues }, null, 2)}\n`);
    } else {
      for (const issue of issues) {
        context.out.write(
          `${issue.severity.padEnd(7)}  ${issue.location ? `${issue.location}: ` : ''}${issue.message}\n`,
        );
      }
      const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
      context.out.write(`${file}: ${plural(items, 'item')}, ${plural(lines, 'BOM line')}: ${counts}\n`);
    }
    return errors > 0 ? EXIT.checkFailed : EXIT.ok;
  },
};

function locate(loaded: LoadedBom, issues: BomIssue[]): LocatedIssue[] {
  return issues.map((issue) => {
    const location = locationOf(loaded, issue);
    return location ? { ...issue, location } : issue;
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
