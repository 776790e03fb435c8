// Vite builds the single-page app into dist/ (the server serves it at `/` with an SPA fallback);
// vitest runs the unit tests in test/ (the browser tests in e2e/ have their own config).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/bundle-size.mjs prints every asset with its gzip size after the build
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" (a React Server Components hint, meaningless here).
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor-react-antd', test: /node_modules[\\/](react|react-dom|scheduler|antd|@ant-design|@rc-component|rc-[^/\\]+|dayjs)[\\/]/ },
            { name: 'vendor-forms', test: /node_modules[\\/](@rjsf|@cfworker|ajv|fast-deep-equal|json-schema-traverse|lodash|lodash-es|jsonpointer|fast-uri)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8345' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
  },
});
