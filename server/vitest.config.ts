import { defineConfig } from 'vitest/config';

// Every test file gets its own database on one real PostgreSQL, booted once by the global setup.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
