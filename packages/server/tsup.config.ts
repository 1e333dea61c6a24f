import { defineConfig } from 'tsup';

// `pnpm start` builds JavaScript only (SHOPFLOOR_BUILD_JS_ONLY=1): the server needs no .d.ts to run.
const jsOnly = Boolean(process.env.SHOPFLOOR_BUILD_JS_ONLY);

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: jsOnly ? false : { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
