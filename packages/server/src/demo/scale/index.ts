export { seedScaleIntoServer } from './into-server.js';
export { isSpringFestival } from './season.js';
export { type ScaleSeedOptions, type ScaleSeedResult, scaleCounts, seedScale } from './seed.js';
export { fractionOfYear, SCALE_SIZES, type ScaleSize, type ScaleSizeName } from './sizes.js';
