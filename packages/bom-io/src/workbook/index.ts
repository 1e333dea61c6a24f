export {
  type ReadSetupOptions,
  readSetupWorkbook,
  type SetupRow,
  type SetupSheetRead,
  type SetupWorkbookRead,
  type WorkbookProblem,
} from './read.js';
export {
  LOCATION_KINDS,
  matchSetupSheet,
  PLATFORMS,
  ROLES,
  SETUP_SHEET_NAMES,
  SETUP_SHEETS,
  type SetupField,
  type SetupFieldKind,
  type SetupSheet,
  type SetupSheetName,
  SHEET_BY_NAME,
} from './sheets.js';
export { type SetupData, writeSetupWorkbook } from './write.js';
export { DEFAULT_ZIP_LIMITS, unzipGuarded, WorkbookFileError, type ZipLimits } from './zip.js';
