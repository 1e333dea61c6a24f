import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the server at /console/ (packages/server/src/http/console.ts); pages are lazy chunks,
// React, Ant Design and TanStack Query one vendor chunk and the SDK another, which stay cached
// across console releases that change only pages.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor',
              test: /node_modules[\\/](react|react-dom|scheduler|antd|@ant-design|@rc-component|@tanstack|dayjs)[\\/]/,
            },
            { name: 'sdk', test: /[\\/](sdk|bom-engine)[\\/]dist[\\/]|node_modules[\\/](zod|ky)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `pnpm --filter @shopfloor/console dev` beside `pnpm start`: the API is the running server.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
