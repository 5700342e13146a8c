/** One repetition of one scenario (or several) for some strategies, no files written: what tests and tools need. */
import type { Results, ScenarioInfo } from '../results.js';
import type { Strategy } from '../strategies/types.js';
import type { Target } from '../targets/types.js';
import type { Variant } from '../runtimes/types.js';
import { planCases } from './plan.js';
import { runPlan, type RunOptions } from './runner.js';
import { definedOnly } from '../defined.js';

export function runOnce(
  target: Target,
  scenario: ScenarioInfo | readonly ScenarioInfo[],
  chosen: ReadonlyArray<{ strategy: Strategy; file?: string }>,
  extra: Partial<Pick<RunOptions, 'onTrace' | 'requestTimeoutMs' | 'command'>> = {},
  variants?: Variant[],
): Promise<Results> {
  const scenarios = 'id' in scenario ? [scenario] : [...scenario];
  return runPlan({
    cases: planCases(scenarios, chosen, 1, variants),
    ...definedOnly({ variants }),
    scenarios,
    strategies: chosen.map((c) => c.strategy),
    target,
    command: 'test',
    repetitions: 1,
    quick: true,
    requestTimeoutMs: 10_000,
    ...extra,
  });
}
