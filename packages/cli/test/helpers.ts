import { Writable } from 'node:stream';
import { main } from '../src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export class MemoryStream extends Writable {
  text = '';
  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `shopfloor …` in-process with captured output. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

// The BOM-file fixtures are bom-io's: the CLI reads files through it.
export {
  documentTables,
  TABLE_BOM,
  type Table,
  tempFolder,
  writeCsvFiles,
  writeJson,
  writeXlsx,
} from '../../bom-io/test/helpers.js';

/** Display width of a string, counting a CJK character as two columns. */
export { displayWidth } from '../src/format/table.js';
