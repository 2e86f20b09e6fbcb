import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The tests' temp directories live under one root, removed when the run ends.
    globalSetup: ['test/temp-root.ts'],
    // CI also writes a JSON report, from which .ci/summary.mjs prints the closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-output/vitest.json' }]] : ['default'],
  },
});
