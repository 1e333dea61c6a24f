import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sdkSource = fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url));
const engineSource = fileURLToPath(new URL('../bom-engine/src/index.ts', import.meta.url));

// The app's unit tests: adapters against fake host bridges in happy-dom, SDK from source.
export default defineConfig({
  resolve: {
    alias: { '@shopfloor/sdk': sdkSource, '@shopfloor/bom-engine': engineSource },
  },
  define: { 'process.env.TARO_ENV': JSON.stringify('h5') },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.test.ts'],
    environment: 'happy-dom',
    // The host libraries read window globals at import time: load them through vite, per test file.
    server: { deps: { inline: ['dingtalk-jsapi', '@wecom/jssdk'] } },
    testTimeout: 10_000,
  },
});
