/** Kept equal to package.json's version by a test; a constant keeps the CJS and ESM builds simple. */
export const VERSION = '0.1.0';
