import type { CliIo, OutputWriter } from '../format/output.js';

export interface CommandContext {
  io: CliIo;
  /** Buffered, back-pressure-aware stdout. */
  out: OutputWriter;
}

/** One entry of a command table: `bom`, `bom explode`, later `serve`, `import`, `doctor`. */
export interface Command {
  name: string;
  /** One line for the parent's command list. */
  summary: string;
  /** Full help text, printed by `--help`. */
  help: string;
  run(argv: string[], context: CommandContext): Promise<number>;
}
