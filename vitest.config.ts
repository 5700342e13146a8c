import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.test.ts'],
    // dist/ for the tests that run the CLI as installed (test/build-dist.ts); the runtimes
    // the tests measure on, installed before any test file runs (test/install-runtimes.ts).
    globalSetup: ['test/build-dist.ts', 'test/install-runtimes.ts'],
    // Tests start real servers and child processes: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
