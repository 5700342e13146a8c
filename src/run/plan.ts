/**
 * The plan: cases = repetition × scenario × strategy, repetition outermost so that
 * strategies are interleaved in time and slow drift of the machine spreads over all of
 * them instead of biasing whichever ran last.
 */
import type { ScenarioInfo } from '../results.js';
import type { Strategy } from '../strategies/types.js';
import type { RunnerKind } from './runner-kind.js';

export interface PlannedCase {
  scenario: ScenarioInfo;
  strategy: Strategy;
  /** Set for user strategies loaded from --strategy-file. */
  strategyFile?: string;
  repetition: number;
  /** Decided before the run (e.g. the sweep's cap): the case is recorded as skipped with this reason. */
  skipReason?: string;
  /** What runs the case; undefined = a worker process. */
  runner?: RunnerKind;
}

export function planCases(
  scenarios: readonly ScenarioInfo[],
  strategies: ReadonlyArray<{ strategy: Strategy; file?: string; runner?: RunnerKind }>,
  repetitions: number,
): PlannedCase[] {
  const cases: PlannedCase[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const scenario of scenarios) {
      for (const { strategy, file, runner } of strategies) {
        cases.push({ scenario, strategy, repetition, ...(file !== undefined ? { strategyFile: file } : {}), ...(runner ? { runner } : {}) });
      }
    }
  }
  return cases;
}
