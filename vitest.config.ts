import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import the workspace packages from source, so a test run never sees a stale build.
export default defineConfig({
  resolve: {
    alias: {
      // Before '@shopfloor/sdk', which would otherwise take the subpath as its own.
      '@shopfloor/sdk/admin': fileURLToPath(new URL('./packages/sdk/src/admin/index.ts', import.meta.url)),
      '@shopfloor/bom-engine': src('bom-engine'),
      '@shopfloor/bom-io': src('bom-io'),
      '@shopfloor/sdk': src('sdk'),
      '@shopfloor/cli': src('cli'),
      '@shopfloor/server': src('server'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'packages/miniapp/**'],
    globalSetup: ['packages/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
