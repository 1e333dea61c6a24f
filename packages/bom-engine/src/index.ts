export { compileBom, validateBom } from './compile.js';
export { CompiledBom, type ComponentLine, type ItemInfo } from './compiled.js';
export { formatDay, parseDay, todayInShanghai } from './dates.js';
export { ceilToMultiple, roundQty } from './decimal.js';
export { BomError, type BomErrorCode, type BomIssue, type BomWarningCode } from './errors.js';
export type { BomGraph } from './graph.js';
export * from './types.js';
