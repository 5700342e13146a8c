/**
 * The runtimes the test suite measures on, installed once by vitest's global setup
 * (test/install-runtimes.ts) before any test file runs: Node 20 with its library set
 * (`--node 20`: undici 7, got 14 + http2-wrapper 2; src/commands/run-output.test.ts and the
 * runtime matrix) and the default runtime of a run without `--node` (`lts`: the newest LTS
 * line with undici 8 and got 16; every test that runs `muxbench run`). A test that needs
 * another runtime adds it here, so that a fresh machine with an empty cache installs it
 * before the tests and no test sees an "installing …" line in its output.
 */
import type { RuntimeSelection } from '../../src/runtimes/variants.js';

export const TEST_RUNTIMES: RuntimeSelection = { nodes: ['20', 'lts'], with: [] };

/** Bun and Deno from the npm registry (src/runtimes/harness-counts.test.ts): the harness runs on them. */
export const TEST_ENGINES: RuntimeSelection = { nodes: ['bun', 'deno'], with: [] };

/**
 * A progress line of a runtime install (src/runtimes/cache.ts: "muxbench: installing … from
 * the npm registry into …", "muxbench: installed … in 12.3 s"). The global setup leaves a
 * test none to see; a test that matches stderr line by line drops them all the same, so
 * that a runtime added to a test but not to TEST_RUNTIMES costs time, not a failure.
 */
export function isInstallProgress(text: string): boolean {
  return /^muxbench: install(ing .+ from the npm registry into |ed .+ in \d+(\.\d+)? s$)/.test(text.trimEnd());
}
