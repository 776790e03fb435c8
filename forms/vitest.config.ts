import { defineConfig } from 'vitest/config';

// Resolving and checking whole packs compiles many JSON Schemas: seconds per test when the two test
// lanes share a 2-core machine, so the 5 s default would fail on load rather than on behaviour.
export default defineConfig({
  test: {
    testTimeout: 30_000,
  },
});
