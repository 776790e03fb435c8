// The modeler's browser tests: Debian's chromium (playwright-core) against the real server, which the
// global setup starts as child processes once per engine — the embedded engine, and Zeebe (a local
// broker, taking turns with the other Zeebe test runs) — after building modeler/dist.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 420_000,
  },
});
