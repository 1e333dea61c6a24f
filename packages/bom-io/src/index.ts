export {
  type CellValue,
  cellText,
  LIST_NAMES,
  matchHeader,
  matchListName,
  normalizeName,
} from './columns.js';
export { type BomCsvTexts, type ParseCsvOptions, parseBomCsv } from './csv.js';
export { type CsvRecord, CsvSyntaxError, formatCsv, parseCsv } from './csv-parse.js';
export { type ParseJsonOptions, parseBomJson } from './json.js';
export { loadBomFile } from './load.js';
export { BomFileError, type ListName, type LoadedBom, locationOf } from './source.js';
export * from './workbook/index.js';
export { type ParseXlsxOptions, parseBomXlsx, plainValue } from './xlsx.js';
