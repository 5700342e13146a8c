/**
 * The first step of a run: every check that can fail before anything is measured. A bad
 * scenario, strategy, output path, threshold or baseline must cost nothing, not minutes of
 * measuring followed by an error.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { Results, ScenarioInfo } from '../results.js';
import { strategiesInFile } from '../run/load-strategy.js';
import { captureEnvironment } from '../run/environment.js';
import { pinPlan, type PinPlan } from '../run/pin.js';
import type { RunnerKind } from '../runner-kinds/runner-kind.js';
import { machineDifferences } from '../compare/compare.js';
import { readResultsFile } from '../compare/load.js';
import { exportPaths } from '../report/export/registry.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';
import { clientRows } from '../client-cmd/strategy.js';
import { H2LOAD_ID, h2loadRow } from '../reference/h2load.js';
import { checkThresholdsMatch } from '../thresholds/evaluate.js';
import { checkGateMatches } from '../gate-rows.js';
import { openTraceFile, type TraceFileWriter } from '../trace/file.js';
import { asDefaultRun, effectiveScenario, findScenario, withConcurrency, withLifetime, withRequestBytes, withServerIdle } from '../workload/scenarios.js';
import { openFileLimit } from '../workload/sweep.js';
import { DEFAULT_SUSTAINED, shapeOf } from '../workload/sustained.js';
import { baseId, materialiseBase, type MaterialisedBase } from '../base/materialise.js';
import { baseGate } from '../base/pairs.js';

/** One row of the run: a strategy, where it was loaded from, and what runs it when it is not a Node worker. */
export interface ChosenStrategy {
  strategy: Strategy;
  file?: string;
  /** The id `file` exports, when the run measures it under another (the previous client's `my-client@v1.4.0`). */
  exportedId?: string;
  runner?: RunnerKind;
}

/** Everything a run checked and resolved before measuring: what `measure` runs. */
export interface PreparedRun {
  config: RunConfig;
  scenarios: ScenarioInfo[];
  chosen: ChosenStrategy[];
  /** The --compare baseline, read and checked (also against this machine when gated). */
  baseline?: Results;
  /** --trace-file, opened (created) already: a path that cannot be written fails here. */
  traceFile?: TraceFileWriter;
  /** The sweep's open-file limit, read only when the plan has sweep scenarios. */
  fdLimit?: number;
  /** --pin: the server's core and the workers' cores. */
  pin?: PinPlan;
  /** --base-ref / --base-dir: the previous client, found and loaded; its temporary tree goes when measure ends. */
  base?: MaterialisedBase;
}

/** A report written at the end must not fail after minutes of measuring: check its directory first. */
async function checkOutputDir(file: string, flag: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const ok = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!ok) throw new UsageError(`--${flag} ${file}: directory ${dir} does not exist; create it or choose another path`);
}

function resolveScenarios(config: RunConfig): ScenarioInfo[] {
  const scenarios = config.scenarios.map((id) => {
    const scenario = findScenario(id);
    if (!scenario) throw new UsageError(`unknown scenario '${id}'`);
    // The sweep sets its own concurrencies; --concurrency applies to the other scenarios.
    const sized =
      config.concurrency === undefined || scenario.group !== undefined ? scenario : withConcurrency(scenario, config.concurrency);
    // idle-burst idles around the ping server's keep-alive timeout when the run set one.
    const keepAliveMs = config.target.kind === 'local' ? config.target.server?.keepAliveTimeoutMs : undefined;
    const info = withRequestBytes(withServerIdle(effectiveScenario(sized, config.quick), keepAliveMs), config.requestBytes);
    return config.scenariosByDefault ? asDefaultRun(info) : info;
  });
  const gapsMs = config.lifetimeGapsMs;
  if (gapsMs !== undefined && !scenarios.some((s) => s.lifetime !== undefined)) {
    throw new UsageError('--lifetime-gaps sets the idle gaps of the lifetime scenario: add --scenario lifetime');
  }
  const lived = gapsMs === undefined ? scenarios : scenarios.map((s) => withLifetime(s, { gapsMs }));
  return config.sustainedMs === undefined ? lived : withSustainedDuration(lived, config.sustainedMs);
}

/** --duration without --rate: the measured window of every sustained scenario (there must be one). */
function withSustainedDuration(scenarios: ScenarioInfo[], durationMs: number): ScenarioInfo[] {
  if (!scenarios.some((s) => shapeOf(s) === 'sustained')) {
    throw new UsageError('--duration without --rate sets how long a sustained scenario runs: add --scenario throughput, or --rate <requests/s> for open-loop load');
  }
  return scenarios.map((s) => (shapeOf(s) === 'sustained' ? { ...s, sustained: { ...(s.sustained ?? DEFAULT_SUSTAINED), durationMs } } : s));
}

async function resolveStrategies(config: RunConfig): Promise<ChosenStrategy[]> {
  const chosen: ChosenStrategy[] = config.strategies.map((id) => {
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
  return chosen;
}

/**
 * The baseline, read before measuring anything (a bad path should cost nothing). When the
 * run gates on it (--fail-on-regression), a baseline from another CPU model, core count or
 * runtime is refused here too: this machine is known before the first case, so a gate that
 * could only answer "wrong baseline" is not worth a run.
 */
async function readBaseline(config: RunConfig): Promise<Results | undefined> {
  if (config.compare === undefined) return undefined;
  const baseline = await readResultsFile(config.compare);
  if (config.failOnRegression !== undefined && !(config.allowOtherMachine ?? false)) {
    const machine = machineDifferences(baseline.environment, captureEnvironment());
    if (machine.length > 0) {
      throw new UsageError(
        `not gating: the baseline ${config.compare} was measured on another machine (${machine.join('; ')}); ` +
          'measure a baseline on this runner type, or pass --allow-other-machine to gate anyway',
      );
    }
  }
  return baseline;
}

/**
 * The previous client (--base-ref, --base-dir): each previous strategy goes just before its
 * new one, so the two run next to each other in every repetition; and the scheduler's gate
 * names both sides of every pair, so both get the same repetitions (src/base/pairs.ts).
 */
async function withBase(config: RunConfig, chosen: ChosenStrategy[]): Promise<{ materialised: MaterialisedBase; chosen: ChosenStrategy[]; config: RunConfig }> {
  const files = new Map<string, string[]>();
  for (const c of chosen) if (c.file !== undefined) files.set(c.file, [...(files.get(c.file) ?? []), c.strategy.id]);
  const materialised = await materialiseBase(config.base!, [...files].map(([file, ids]) => ({ file, ids })), chosen.map((c) => c.strategy.id));
  const paired = chosen.flatMap((c) => [
    ...materialised.strategies.filter((b) => c.file !== undefined && b.next === c.strategy.id).map((b) => ({ strategy: b.strategy, file: b.file, exportedId: b.exportedId })),
    c,
  ]);
  const output = config.output;
  const gated = output ? { ...config, output: { ...output, gate: baseGate(output.gate, materialised.record.pairs, true) } } : config;
  return { materialised, chosen: paired, config: gated };
}

export async function prepareRun(config: RunConfig): Promise<PreparedRun> {
  const scenarios = resolveScenarios(config);
  const chosen = await resolveStrategies(config);
  const baseline = await readBaseline(config);
  if (config.html !== undefined) await checkOutputDir(config.html, 'html');
  const output = config.output;
  for (const file of output ? exportPaths(output.exports) : []) await checkOutputDir(file.path, file.flag);
  // The previous client's ids are known before its files are fetched: a gate or threshold may name them.
  const ids = [...chosen.map((c) => c.strategy.id), ...(config.base ? chosen.filter((c) => c.file !== undefined).map((c) => baseId(c.strategy.id, config.base!)) : [])];
  checkThresholdsMatch(output?.thresholds ?? [], scenarios.map((s) => s.id), ids);
  checkGateMatches(output?.gate ?? [], scenarios.map((s) => s.id), ids);
  const pin = config.pin ? pinPlan() : undefined;
  if (typeof pin === 'string') throw new UsageError(pin);
  // Last: the checks that leave something behind (the previous client's tree, the trace file).
  const base = config.base ? await withBase(config, chosen) : undefined;
  let traceFile: TraceFileWriter | undefined;
  try {
    traceFile = config.traceFile !== undefined ? await openTraceFile(config.traceFile) : undefined;
  } catch (error) {
    await base?.materialised.remove();
    throw error;
  }
  const fdLimit = scenarios.some((s) => s.group !== undefined) ? openFileLimit() : undefined;
  return {
    config: base?.config ?? config,
    scenarios,
    chosen: base?.chosen ?? chosen,
    ...(base !== undefined ? { base: base.materialised } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
    ...(traceFile !== undefined ? { traceFile } : {}),
    ...(fdLimit !== undefined ? { fdLimit } : {}),
    ...(pin !== undefined ? { pin } : {}),
  };
}
