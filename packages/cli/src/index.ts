export { EXIT, InputError, UsageError } from './errors.js';
export type { CliIo } from './format/output.js';
export { type CsvRecord, formatCsv, parseCsv } from './load/csv-parse.js';
export { BomFileError, type LoadedBom, loadBomFile } from './load/index.js';
export { main } from './main.js';
export { VERSION } from './version.js';
