/** `muxbench run`: build the plan, start the target, run every case, print the table. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { CaseResult, Results } from '../results.js';
import { planCases } from '../run/plan.js';
import { strategiesInFile } from '../run/load-strategy.js';
import { runPlan, type RunEvent } from '../run/runner.js';
import { PrecisionScheduler } from '../run/schedule.js';
import { pinPlan, pinToServerCore, pinToWorkerCores, unpin } from '../run/pin.js';
import { renderPrecisionLines } from '../report/precision.js';
import { compareResults } from '../compare/compare.js';
import { readResultsFile } from '../compare/load.js';
import { renderCompareText } from '../compare/render-text.js';
import { renderHtml } from '../report/html/render.js';
import { renderJson } from '../report/json.js';
import { renderOpenLoopMarkdown } from '../report/open-loop-rows.js';
import { renderSweepText } from '../report/sweep-markdown.js';
import { writeFileAtomic, writeResultsFiles } from '../report/write.js';
import { openFileLimit, sweepSkipReason } from '../workload/sweep.js';
import { createProgress, type ProgressStream } from './progress.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';
import type { RunnerKind } from '../run/runner-kind.js';
import { clientRows } from '../client-cmd/strategy.js';
import { externalRowsNote } from '../client-cmd/render.js';
import type { CaseTrace } from '../trace/collector.js';
import { openTraceFile } from '../trace/file.js';
import { startTarget } from '../targets/start.js';
import { calibrateCosts } from '../costs/calibrate.js';
import { H2LOAD_ID, REFERENCE_SCENARIOS, h2loadRow, referenceInfo } from '../reference/h2load.js';
import { effectiveScenario, findScenario, withConcurrency, withServerIdle } from '../workload/scenarios.js';
import { renderTerminal } from '../report/terminal.js';
import { exportFiles, exportPaths } from '../report/export/registry.js';
import { appendStepSummary } from '../report/step-summary.js';
import { checkThresholdsMatch, evaluateThresholds, thresholdLines } from '../thresholds/evaluate.js';
import { describeVariant, resolveVariants } from '../runtimes/variants.js';
import { renderMatrixText } from '../report/matrix.js';

export interface RunIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  command: string;
  /** Where the progress bar goes (default: process.stderr, drawn only on a TTY). */
  progressStream?: ProgressStream;
  /** Environment to read GITHUB_STEP_SUMMARY from (default: process.env). */
  env?: Record<string, string | undefined>;
}

/** A report written at the end must not fail after minutes of measuring: check its directory first. */
async function checkOutputDir(file: string, flag: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const ok = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!ok) throw new UsageError(`--${flag} ${file}: directory ${dir} does not exist; create it or choose another path`);
}

/** The shell's convention for a run stopped by a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
export function interruptExitCode(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/** What verify and trace add to a run: their own output instead of the table, and the traces. */
export interface RunHooks {
  /** Print the results table (default true). */
  table?: boolean;
  onTrace?: (trace: CaseTrace, result: CaseResult) => void | Promise<void>;
  /** Every case as it starts and finishes (the API's onEvent). */
  onEvent?: (event: RunEvent) => void;
}

export async function runCommand(config: RunConfig, io: RunIo, hooks: RunHooks = {}): Promise<Results> {
  const scenarios = config.scenarios.map((id) => {
    const scenario = findScenario(id);
    if (!scenario) throw new UsageError(`unknown scenario '${id}'`);
    // The sweep sets its own concurrencies; --concurrency applies to the other scenarios.
    const sized =
      config.concurrency === undefined || scenario.group !== undefined ? scenario : withConcurrency(scenario, config.concurrency);
    // idle-burst idles around the ping server's keep-alive timeout when the run set one.
    const keepAliveMs = config.target.kind === 'local' ? config.target.server?.keepAliveTimeoutMs : undefined;
    return withServerIdle(effectiveScenario(sized, config.quick), keepAliveMs);
  });
  const chosen: Array<{ strategy: Strategy; file?: string; runner?: RunnerKind }> = config.strategies.map((id) => {
    if (id === H2LOAD_ID) return h2loadRow;
    const strategy = findStrategy(id);
    if (!strategy) throw new UsageError(`unknown strategy '${id}'`);
    return { strategy };
  });
  for (const file of config.strategyFiles) {
    const absolute = path.resolve(file);
    for (const strategy of await strategiesInFile(absolute)) chosen.push({ strategy, file: absolute });
  }
  if (config.clients) chosen.push(...clientRows(config.clients));
  // Read the baseline before measuring anything: a bad path should cost nothing.
  const baseline = config.compare !== undefined ? await readResultsFile(config.compare) : undefined;
  if (config.html !== undefined) await checkOutputDir(config.html, 'html');
  const output = config.output;
  for (const file of output ? exportPaths(output.exports) : []) await checkOutputDir(file.path, file.flag);
  checkThresholdsMatch(output?.thresholds ?? [], scenarios.map((s) => s.id), chosen.map((c) => c.strategy.id));
  const traceFile = config.traceFile !== undefined ? await openTraceFile(config.traceFile) : undefined;
  const onTrace =
    traceFile || hooks.onTrace
      ? async (trace: CaseTrace, result: CaseResult): Promise<void> => {
          await traceFile?.write(trace, result);
          await hooks.onTrace?.(trace, result);
        }
      : undefined;
  const fdLimit = scenarios.some((s) => s.group !== undefined) ? openFileLimit() : undefined;
  const pin = config.pin ? pinPlan() : undefined;
  if (typeof pin === 'string') throw new UsageError(pin);
  const progress = createProgress({ stream: io.progressStream ?? process.stderr, quiet: config.quiet || config.json });
  if (pin) pinToServerCore(pin);
  const target = await startTarget(config.target);
  if (pin) pinToWorkerCores(pin);
  // SIGINT/SIGTERM: the running case is killed and recorded as interrupted, the files keep
  // every finished case, every child is stopped, and the exit code is 130 / 143
  // (interruptExitCode). A second signal does not wait for any of that.
  const interrupt = new AbortController();
  let signalName: 'SIGINT' | 'SIGTERM' = 'SIGINT';
  const onSignal = (name: 'SIGINT' | 'SIGTERM'): void => {
    if (interrupt.signal.aborted) {
      process.exit(interruptExitCode(name));
    }
    signalName = name;
    interrupt.abort();
  };
  const onSigint = (): void => onSignal('SIGINT');
  const onSigterm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    // Runtimes and library sets are installed (once, cached) once the target is up, and
    // before anything is measured; the top of the output says what the run measures on.
    const variants = config.runtimes ? await resolveVariants(config.runtimes, (line) => io.stderr(`${line}\n`)) : undefined;
    if (variants) {
      const byDefault = config.runtimes?.nodes.join(',') === 'lts' && config.runtimes.with.length === 0;
      const why = byDefault ? ' (default: the newest LTS line with the newest undici and got it supports; --node and --with choose others)' : '';
      (config.json ? io.stderr : io.stdout)(`${variants.map((v) => `runtime: ${describeVariant(v)}`).join('\n')}${why}\n\n`);
    }
    // The native reference only runs where it means something: sustained concurrency; and
    // once per scenario, not once per variant (it runs on no Node).
    const cases = planCases(scenarios, chosen, config.repetitions, variants)
      .filter((c) => c.runner?.kind !== 'h2load' || REFERENCE_SCENARIOS.includes(c.scenario.id))
      .map((planned) => {
        const skipReason = sweepSkipReason(planned.scenario, planned.strategy, fdLimit);
        return skipReason === undefined ? planned : { ...planned, skipReason };
      });
    const withReference = cases.some((c) => c.runner?.kind === 'h2load');
    // What a connection costs this server (CPU per handshake, memory per connection): docs/costs.md.
    const costs = await calibrateCosts(target);
    // --precision: the first repetition is the template; the scheduler adds the rest.
    const scheduler = config.precision
      ? new PrecisionScheduler(cases.filter((c) => c.repetition === 0), { ...config.precision, minRepetitions: Math.max(3, config.repetitions) })
      : undefined;
    const baseName = new Date().toISOString().replace(/[:.]/g, '-');
    if (progress.enabled) io.stderr(`muxbench: ${cases.length} cases against ${target.origin.href}\n`);
    const results = await runPlan({
      cases: scheduler ? scheduler.first() : cases,
      ...(scheduler ? { nextCases: (runs: readonly CaseResult[]) => scheduler.next(runs) } : {}),
      scenarios,
      strategies: chosen.map((c) => c.strategy),
      target,
      ...(costs ? { costs } : {}),
      command: io.command,
      repetitions: config.repetitions,
      quick: config.quick,
      ...(config.outDir !== undefined ? { outDir: config.outDir } : {}),
      baseName,
      requestTimeoutMs: config.requestTimeoutMs,
      onEvent: (event) => {
        progress.onEvent(event);
        hooks.onEvent?.(event);
      },
      ...(onTrace ? { onTrace } : {}),
      ...(withReference ? { reference: await referenceInfo() } : {}),
      ...(config.openLoop ? { openLoop: config.openLoop } : {}),
      ...(variants ? { variants } : {}),
      interrupt: { signal: interrupt.signal, reason: () => signalName },
    });
    progress.finish();
    if (results.interrupted) {
      const info = results.interruption;
      const which = info?.case ? `; ${info.case.scenario}/${info.case.strategy} rep ${info.case.repetition} was interrupted` : '';
      const where = config.outDir !== undefined ? ` are in ${path.join(config.outDir, `${baseName}.json`)}` : ' were not written (--no-write)';
      io.stderr(`\nmuxbench: interrupted by ${info?.signal ?? signalName}: the ${info?.finished ?? results.runs.length} finished cases${where}${which}\n`);
      if (config.json) io.stdout(renderJson(results));
      return results;
    }
    if (scheduler || pin) {
      if (scheduler) results.precision = scheduler.summary(results.runs);
      if (pin && results.provenance) results.provenance.pinning = { server: pin.server, workers: pin.workers };
      if (config.outDir !== undefined) await writeResultsFiles(config.outDir, baseName, results);
    }
    if (baseline) {
      results.comparison = compareResults(baseline, results, {
        baseLabel: config.compare ?? 'baseline',
        nextLabel: 'this run',
        ...(config.failOnRegression !== undefined ? { threshold: config.failOnRegression } : {}),
      });
    }
    if (output && output.thresholds.length > 0) results.thresholds = evaluateThresholds(output.thresholds, results);
    // Fields added after the last case (comparison, thresholds) go into the results files too.
    if (config.outDir !== undefined && (baseline || results.thresholds)) await writeResultsFiles(config.outDir, baseName, results);
    if (config.html !== undefined) await writeFileAtomic(config.html, renderHtml(results));
    // With --json, stdout carries the results JSON and nothing else.
    const say = config.json ? io.stderr : io.stdout;
    if (config.json) {
      io.stdout(renderJson(results));
    } else {
      if (hooks.table ?? true) io.stdout(renderTerminal(results, { phases: output?.phases ?? false, verbose: output?.verbose ?? false }));
      const matrix = renderMatrixText(results);
      if (matrix && (hooks.table ?? true)) io.stdout(`\n${matrix}`);
      if (hooks.table ?? true) io.stdout(externalRowsNote(results));
      if (config.traceFile !== undefined) io.stdout(`\ntrace: ${config.traceFile} (one event per line)\n`);
      const sweep = renderSweepText(results);
      if (sweep) io.stdout(`\n${sweep}`);
      const openLoop = renderOpenLoopMarkdown(results);
      if (openLoop.length > 0) io.stdout(`\n${openLoop.join('\n')}\n`);
      if (results.precision) io.stdout(`\n${renderPrecisionLines(results).join('\n')}\n`);
      if (results.comparison) io.stdout(`\n${renderCompareText(results.comparison)}`);
      if (results.thresholds) io.stdout(`\n${thresholdLines(results.thresholds, output?.configFile).join('\n')}\n`);
    }
    for (const file of output ? exportFiles(output.exports, results) : []) {
      await writeFileAtomic(file.path, file.content);
      say(`export: ${file.path}\n`);
    }
    const stepSummary = await appendStepSummary(results, io.env ?? process.env);
    if (stepSummary !== undefined) say(`step summary: appended to ${stepSummary}\n`);
    if (config.outDir !== undefined) say(`\nresults: ${path.join(config.outDir, `${baseName}.json`)} and .md\n`);
    // --quiet keeps stderr for errors; the warning stays in the results file (provenance.warnings).
    if (!config.quiet) for (const warning of results.provenance?.warnings ?? []) io.stderr(`muxbench: ⚠ ${warning}\n`);
    if (config.html !== undefined) say(`html report: ${config.html}\n`);
    return results;
  } finally {
    progress.finish();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    if (pin) unpin(pin);
    await target.close();
    await traceFile?.close();
  }
}
