// Vite builds the single-page app into dist/ (served by the server later); vitest runs the unit tests.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { defineConfig } from 'vitest/config';

// bpmn-js and the headless lint both read BPMN with bpmn-moddle 10: bundle one copy of it.
const bpmnModdle = dirname(createRequire(import.meta.url).resolve('bpmn-moddle/package.json'));

export default defineConfig({
  base: './',
  resolve: { alias: { 'bpmn-moddle': bpmnModdle } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: true,
    // bpmn-js with the properties panel is ~1.5 MB minified; it loads only with the process tab.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" (a React Server Components hint, meaningless here).
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        codeSplitting: {
          groups: [
            // One chunk per shipped pack (local source), fetched when that city is opened.
            {
              debugName: 'shipped packs',
              name: (id: string) => {
                const city = /\/cities\/([^/]+)\/(versions|calendar|forms|processes)\//.exec(id)?.[1];
                return city === undefined ? null : `pack-${city}`;
              },
            },
            { name: 'vendor-react-antd', test: /node_modules[\\/](react|react-dom|scheduler|antd|@ant-design|@rc-component|rc-[^/\\]+|dayjs)[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
  },
});
