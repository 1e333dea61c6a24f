export { type BomDiff, diff, type ItemChange, type LineChange } from './diff.js';
