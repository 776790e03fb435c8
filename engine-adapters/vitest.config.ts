import { defineConfig } from 'vitest/config';

// Projects, so a run starts only what its tests need: the Zeebe integration tests get a real broker
// (a JVM) from their global setup, the embedded engine's tests a real PostgreSQL from theirs; the
// other tests wait for neither.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'zeebe',
          include: ['test/zeebe*.integration.test.ts'],
          globalSetup: ['test/zeebe.global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'embedded',
          include: ['test/embedded*.test.ts'],
          globalSetup: ['test/postgres.setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'engine-adapters',
          include: ['test/**/*.test.ts'],
          exclude: ['test/zeebe*.integration.test.ts', 'test/embedded*.test.ts'],
        },
      },
    ],
  },
});
