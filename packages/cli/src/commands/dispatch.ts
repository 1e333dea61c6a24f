import { EXIT, UsageError } from '../errors.js';
import { pad } from '../format/table.js';
import type { Command, CommandContext } from './command.js';

/** The command list shown in a help text, names aligned. */
export function commandList(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return commands.map((command) => `  ${pad(command.name, width)}  ${command.summary}`).join('\n');
}

/**
 * Runs the subcommand named by argv[0]. No subcommand or `--help` prints the group's help;
 * `prefix` is the command line so far (`shopfloor bom`), for messages.
 */
export async function dispatch(
  commands: readonly Command[],
  help: string,
  prefix: string,
  argv: string[],
  context: CommandContext,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    context.out.write(help);
    return EXIT.ok;
  }
  if (name.startsWith('-')) throw new UsageError(`unknown option '${name}'`, prefix);
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}'`, prefix);
  return command.run(rest, context);
}
