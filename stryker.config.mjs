// Mutation testing of the counting, diagnosis and statistics code: `npm run test:mutation`
// (all three folders) or `npm run test:mutation -- --mutate 'src/stats/**/*.ts'` (one).
// Not part of CI: a full run takes minutes on 2 cores. Reports go to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/ledger/**/*.ts',
    'src/diagnose/**/*.ts',
    'src/stats/**/*.ts',
    '!src/**/*.test.ts',
    // Checked against real servers by ledger/tap.test.ts and the worker-process tests;
    // too slow to mutate here (see vitest.mutation.config.ts).
    '!src/ledger/tap.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 85, break: null },
};
