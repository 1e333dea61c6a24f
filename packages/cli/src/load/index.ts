// The readers live in @shopfloor/bom-io, shared with the server (cli → server, so neither may own them).
export {
  BomFileError,
  type CsvRecord,
  formatCsv,
  type LoadedBom,
  loadBomFile,
  locationOf,
  parseCsv,
} from '@shopfloor/bom-io';
