/**
 * Test helpers for the real-target tests (not a test file itself): a tiny scenario, a
 * plan runner, and the rule that nginx / h2load tests run in CI, never skip there.
 */
import type { CaseResult, Results, ScenarioInfo } from '../../src/results.js';
import { runOnce } from '../../src/run/run-once.js';
import { findStrategy } from '../../src/strategies/registry.js';
import type { Strategy } from '../../src/strategies/types.js';
import { h2loadReference, h2loadRow, H2LOAD_ID } from '../../src/reference/h2load.js';
import type { Target } from '../../src/targets/types.js';

/** Six concurrent pings with a 5 ms delay, so requests overlap; a few short rounds. */
export const MINI_SCENARIO: ScenarioInfo = {
  id: 'burst',
  description: 'test burst: 6 concurrent pings, 5 ms delay',
  concurrency: 6,
  delaysMs: [5, 5, 5, 5, 5, 5],
  rounds: { warmup: 1, min: 2, maxTimeMs: 40 },
};

export function strategyById(id: string): Strategy {
  const strategy = id === H2LOAD_ID ? h2loadReference : findStrategy(id);
  if (!strategy) throw new Error(`no strategy ${id}`);
  return strategy;
}

export async function runCases(target: Target, ids: readonly string[], scenario: ScenarioInfo = MINI_SCENARIO): Promise<Results> {
  const chosen = ids.map((id) => (id === H2LOAD_ID ? h2loadRow : { strategy: strategyById(id) }));
  return runOnce(target, scenario, chosen, { requestTimeoutMs: 5_000 });
}

export function runOf(results: Results, strategy: string): CaseResult {
  const run = results.runs.find((r) => r.strategy === strategy);
  if (!run) throw new Error(`no run for ${strategy}`);
  return run;
}

/**
 * Whether a test needing `tool` may run. Missing locally: skip (the caller uses
 * describe.skipIf). Missing in CI: throw, because CI must run these tests (.ci/run
 * installs the tools).
 */
export function toolAvailable(tool: string, found: boolean): boolean {
  if (!found && process.env.CI) throw new Error(`${tool} is required in CI (.ci/run installs it) but was not found`);
  return found;
}
