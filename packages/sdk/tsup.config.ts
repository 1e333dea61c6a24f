import { defineConfig } from 'tsup';

// `pnpm start` builds JavaScript only (SHOPFLOOR_BUILD_JS_ONLY=1): the server needs no .d.ts to run.
const dts = !process.env.SHOPFLOOR_BUILD_JS_ONLY;

export default defineConfig({
  entry: { index: 'src/index.ts', 'admin/index': 'src/admin/index.ts' },
  format: ['esm', 'cjs'],
  dts,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
