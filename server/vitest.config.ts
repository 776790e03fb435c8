import { defineConfig } from 'vitest/config';

// Every test file gets its own database on one real PostgreSQL, booted once by the global setup.
// The files that run the platform on the real Zeebe broker are a project of their own: the broker
// (a JVM) starts only for them, through engine-adapters' harness, which makes test runs take turns on
// the one local broker; they run one file at a time (two servers on one broker would take each
// other's jobs).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.zeebe.integration.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'server-zeebe',
          include: ['test/**/*.zeebe.integration.test.ts'],
          globalSetup: ['test/support/zeebe-global-setup.ts', '../engine-adapters/test/zeebe.global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
