/**
 * Checks thresholds against a finished run. A threshold applies to every (scenario,
 * strategy) its selector matches; one that matches nothing planned is refused before
 * the run (checkThresholdsMatch), so a typo cannot pass silently.
 */
import { UsageError } from '../errors.js';
import { findMetric, foldRuns, foldWords, runsOf } from '../report/metrics.js';
import type { Results } from '../results.js';
import { holds } from './parse.js';
import { outcomeLine } from '../report/thresholds.js';
import type { Threshold, ThresholdOutcome } from '../results/thresholds.js';

const matches = (t: Threshold, scenario: string, strategy: string): boolean =>
  (t.scenario === '*' || t.scenario === scenario) && (t.strategy === '*' || t.strategy === strategy);

/** Refuses (exit 2, before measuring) a threshold whose selector matches no planned case. */
export function checkThresholdsMatch(thresholds: readonly Threshold[], scenarios: readonly string[], strategies: readonly string[]): void {
  for (const t of thresholds) {
    if (!scenarios.some((sc) => strategies.some((st) => matches(t, sc, st)))) {
      const what =
        t.scenario !== '*' && !scenarios.includes(t.scenario)
          ? `scenario '${t.scenario}' is not in this run (${scenarios.join(', ')})`
          : `strategy '${t.strategy}' is not in this run (${strategies.join(', ')})`;
      throw new UsageError(`${t.source} '${t.text}': ${what}`);
    }
  }
}

export function evaluateThresholds(thresholds: readonly Threshold[], results: Results): ThresholdOutcome[] {
  const pairs = results.aggregates.map((a) => [a.scenario, a.strategy, a.runtime] as const);
  return thresholds.flatMap((t) => {
    const metric = findMetric(t.metric);
    if (!metric) return [];
    return pairs
      .filter(([scenario, strategy]) => matches(t, scenario, strategy))
      .map(([scenario, strategy, runtime]) => {
        const folded = foldRuns(metric, runsOf(results.runs, scenario, strategy, runtime), results);
        return {
          threshold: t.text,
          source: t.source,
          scenario,
          strategy,
          ...(runtime !== undefined && (results.variants?.length ?? 0) > 1 ? { runtime } : {}),
          metric: t.metric,
          unit: metric.unit,
          op: t.op,
          limit: t.limit,
          value: folded.value,
          fold: foldWords(metric, folded.n),
          // Nothing measured cannot satisfy a limit: a case that failed to run fails its thresholds.
          pass: folded.value !== null && holds(folded.value, t.op, t.limit),
        };
      });
  });
}

/** 1 when a threshold failed, each named on stderr in one line; 0 otherwise. */
export function thresholdExitCode(outcomes: readonly ThresholdOutcome[] | undefined, io: { stderr: (text: string) => void }): number {
  const failed = (outcomes ?? []).filter((o) => !o.pass);
  for (const o of failed) io.stderr(`muxbench: threshold failed: ${outcomeLine(o)}\n`);
  return failed.length > 0 ? 1 : 0;
}
