/**
 * The vitest run Stryker uses for `npm run test:mutation`: the fast, in-process tests of
 * src/ledger/, src/diagnose/ and src/stats/. Mutants live in this process only: a test
 * that measures through worker processes (runOnce) runs unmutated code there, so those
 * tests are left out; they would only cost time. Tests that depend on an earlier test in
 * the same file (diagnose/rules.test.ts) are left out too: Stryker runs single tests.
 * ledger/tap.test.ts (17 real bursts) and ledger/handshakes.test.ts (two servers started
 * per run) are left out, and tap.ts with them (stryker.config.mjs): on 2 cores every
 * ledger mutant would cost seconds of server start-up.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/ledger/ledger.test.ts',
      'src/ledger/ledger-edges.test.ts',
      'src/ledger/request-tag.test.ts',
      'src/ledger/track.test.ts',
      'src/ledger/track-edges.test.ts',
      'src/stats/**/*.test.ts',
      'src/diagnose/intent.test.ts',
      'src/diagnose/rule-*.test.ts',
      'src/compare/compare.test.ts',
      'src/workload/open-loop.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
