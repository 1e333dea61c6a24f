import { BomError } from '@shopfloor/bom-engine';
import { commandList, dispatch } from './commands/dispatch.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, InputError } from './errors.js';
import { type CliIo, OutputWriter } from './format/output.js';
import { BomFileError } from './load/index.js';
import { VERSION } from './version.js';

const HELP = `Usage: shopfloor <command> [options]

Shopfloor: production management for discrete manufacturers (生产管理).

Commands:
${commandList(COMMANDS)}

Options:
  -h, --help      Show this help
  -v, --version   Show the version

Run 'shopfloor <command> --help' for a command's options.
`;

/**
 * Runs the `shopfloor` command line and resolves to its exit code. Bad input ends as exactly one
 * `error: …` line on stderr (exit 2), never a stack trace.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const out = new OutputWriter(io.stdout);
  let code: number;
  try {
    code = await run(argv, out, io);
  } catch (error) {
    const { message, exitCode } = describeFailure(error);
    io.stderr.write(`error: ${message}\n`);
    code = exitCode;
  }
  try {
    await out.end();
  } catch (error) {
    io.stderr.write(`error: cannot write output: ${firstLine(error)}\n`);
    return EXIT.internal;
  }
  return code;
}

function run(argv: string[], out: OutputWriter, io: CliIo): Promise<number> {
  const [first] = argv;
  if (first === '--version' || first === '-v') {
    out.write(`${VERSION}\n`);
    return Promise.resolve(EXIT.ok);
  }
  return dispatch(COMMANDS, HELP, 'shopfloor', argv, { io, out });
}

function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof InputError || error instanceof BomFileError || error instanceof BomError) {
    return { message: firstLine(error), exitCode: EXIT.badInput };
  }
  return { message: `internal error: ${firstLine(error)} (please report this)`, exitCode: EXIT.internal };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

let epipeGuarded = false;

/** The real streams. A reader that quits early (`| head`) must not crash us with EPIPE later on. */
function processIo(): CliIo {
  if (!epipeGuarded) {
    epipeGuarded = true;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return;
      process.stderr.write(`error: cannot write output: ${error.message}\n`);
      process.exitCode = EXIT.internal;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr };
}
