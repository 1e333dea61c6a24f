export { EXIT, InputError, UsageError } from './errors.js';
export type { CliIo } from './format/output.js';
export {
  BomFileError,
  type CsvRecord,
  formatCsv,
  type LoadedBom,
  loadBomFile,
  parseCsv,
} from './load/index.js';
export { main } from './main.js';
export { VERSION } from './version.js';
