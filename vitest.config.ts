import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests run the compiled binary, so build it first.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
  },
});
