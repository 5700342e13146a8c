/**
 * The third step of a run: what the measurements mean. The comparison with the baseline,
 * the thresholds, and the one decision a CI job acts on: the exit code, with a line for
 * each reason. The CLI exits with it and the API returns it, so both say the same thing
 * about the same results.
 */
import type { RunConfig } from '../config.js';
import type { Results } from '../results.js';
import { compareBase, compareResults } from '../compare/compare.js';
import { baseGate, baseLabel } from '../base/pairs.js';
import { gateExitCode } from '../commands/compare.js';
import { evaluateThresholds, thresholdExitCode } from '../thresholds/evaluate.js';
import { interruptExitCode } from './measure.js';

/** What a run decided: what `muxbench run` exits with, and why. */
export interface RunVerdict {
  /**
   * 0 nothing failed; 1 a regression above --fail-on-regression or a failed threshold;
   * 2 a baseline from another machine (only with allowOtherMachine unset, which the run
   * refuses before measuring); 130 / 143 interrupted by SIGINT / SIGTERM.
   */
  exitCode: number;
  /** One line per reason, as printed on stderr: the regressions, the undecided rows, the failed thresholds, the interruption. */
  messages: string[];
}

/** Collects what a gate function writes, one message per line. */
function collector(): { stderr: (text: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { messages, stderr: (text) => void messages.push(text.replace(/\n$/, '')) };
}

/**
 * Adds the comparison and the threshold outcomes to `results` and decides the exit code.
 * `resultsFile` is where the results were written (undefined with --no-write).
 */
export function finishRun(results: Results, config: RunConfig, baseline: Results | undefined, resultsFile: string | undefined): RunVerdict {
  if (results.interrupted) {
    const info = results.interruption;
    const signal = info?.signal ?? 'SIGINT';
    const which = info?.case ? `; ${info.case.scenario}/${info.case.strategy} rep ${info.case.repetition} was interrupted` : '';
    const where = resultsFile !== undefined ? ` are in ${resultsFile}` : ' were not written (--no-write)';
    return {
      exitCode: interruptExitCode(signal),
      messages: [`muxbench: interrupted by ${signal}: the ${info?.finished ?? results.runs.length} finished cases${where}${which}`],
    };
  }
  if (baseline) {
    results.comparison = compareResults(baseline, results, {
      baseLabel: config.compare ?? 'baseline',
      nextLabel: 'this run',
      gate: config.output?.gate ?? [],
      ...(config.failOnRegression !== undefined ? { threshold: config.failOnRegression } : {}),
    });
  } else if (results.base) {
    // Old against new in this run (--base-ref, --base-dir): paired by repetition.
    results.comparison = compareBase(results, results.base.pairs, {
      baseLabel: baseLabel(results.base),
      nextLabel: 'this checkout',
      gate: baseGate(config.output?.gate ?? [], results.base.pairs, false),
      ...(config.failOnRegression !== undefined ? { threshold: config.failOnRegression } : {}),
    });
  }
  const thresholds = config.output?.thresholds ?? [];
  if (thresholds.length > 0) results.thresholds = evaluateThresholds(thresholds, results);
  const out = collector();
  const gate = results.comparison ? gateExitCode(results.comparison, config.failOnRegression, out, config.allowOtherMachine ?? false) : 0;
  const exitCode = Math.max(gate, thresholdExitCode(results.thresholds, out));
  return { exitCode, messages: out.messages };
}
