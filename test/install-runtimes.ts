/**
 * vitest globalSetup: install the runtimes and library sets the tests measure on
 * (test/support/runtimes.ts) into the runtime cache, once, before any test file runs, with
 * the install's progress lines on stderr. On a warm cache this only reads a few files; on
 * an empty one (a fresh machine, or `XDG_CACHE_HOME` pointed at an empty directory as
 * `.ci/run` does) it downloads Node and the libraries from the npm registry (measured on
 * 2 busy cores, load average 14-18: 45-80 s for both runtimes at once). Without it the first test that ran `--node 20` or a default run did the
 * install itself, and its "installing …" lines landed in that test's stderr.
 *
 * Under CI a runtime that cannot be installed fails the run here; elsewhere (offline) the
 * reason is printed and the tests that need the runtime report it themselves.
 */
import { cacheRoot } from '../src/runtimes/cache.js';
import { describeVariant, resolveVariants } from '../src/runtimes/variants.js';
import { TEST_ENGINES, TEST_RUNTIMES } from './support/runtimes.js';

export default async function setup(): Promise<void> {
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  // One runtime at a time would add the installs up; they go to separate cache entries.
  const nodes = [...TEST_RUNTIMES.nodes, ...TEST_ENGINES.nodes];
  const settled = await Promise.allSettled(nodes.map((node) => resolveVariants({ ...TEST_RUNTIMES, nodes: [node] }, say)));
  const failed = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
  if (failed.length === 0) {
    const installed = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    if (process.env.CI) say(`muxbench tests: runtimes in ${cacheRoot()}: ${installed.map(describeVariant).join('; ')}`);
    return;
  }
  if (process.env.CI) throw new Error(`the tests' runtimes could not be installed: ${failed.join('; ')}`);
  say(`muxbench tests: runtimes not installed, the tests that measure on them will say so: ${failed.join('; ')}`);
}
