import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests run the compiled binary, so build it first; the PostgreSQL tests share one
    // server, started once for the run.
    globalSetup: ['test/global-setup.ts', 'test/support/postgres-global-setup.ts'],
    testTimeout: 20_000,
    // `npm test -- --coverage` (as .ci/run does): the pure core keeps a floor of 95% of lines.
    coverage: {
      provider: 'v8',
      include: ['src/core/**'],
      reporter: ['text-summary'],
      thresholds: { lines: 95 },
    },
  },
});
