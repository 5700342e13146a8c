/**
 * `muxbench compare BASE.json NEW.json [--fail-on-regression 5%]`: the release gate; and
 * `muxbench compare RESULTS.json --a ID --b ID`: A against B within one run, paired by
 * repetition (strategy ids or runtime variant ids).
 */
import { compareResults, compareWithin, gateFailures, rowsWith } from '../compare/compare.js';
import { readResultsFile } from '../compare/load.js';
import { renderCompareText } from '../report/compare-text.js';
import { fmtP, fmtSlowdown } from '../report/compare-rows.js';
import type { Comparison } from '../results/comparison.js';
import { UsageError } from '../errors.js';
import type { GateRow } from '../gate-rows.js';

export interface CompareConfig {
  base: string;
  /** The second file; undefined for an in-file A/B (`ab`). */
  next: string | undefined;
  /** In-file A/B: two strategy or runtime variant ids of `base`. */
  ab?: { a: string; b: string };
  /** Fail (exit 1) on a regression above this fraction (0.05 = 5 %); undefined = never. */
  failOnRegression: number | undefined;
  /** Gate even when the baseline comes from another CPU, core count or runtime. */
  allowOtherMachine?: boolean;
  /** The rows the gate guards (--gate); empty or absent = every latency and throughput row. */
  gate?: readonly GateRow[];
  json: boolean;
}

export interface CompareIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CompareOutcome {
  comparison: Comparison;
  /** The gate's exit code: 0, 1 on a regression, 2 against another machine's baseline (OTHER_MACHINE_EXIT). */
  exitCode: number;
}

export async function compareCommand(config: CompareConfig, io: CompareIo): Promise<CompareOutcome> {
  const threshold = { ...(config.failOnRegression !== undefined ? { threshold: config.failOnRegression } : {}), gate: config.gate ?? [] };
  let comparison: Comparison;
  if (config.ab) {
    const results = await readResultsFile(config.base);
    for (const id of [config.ab.a, config.ab.b]) {
      if (!results.runs.some((r) => r.strategy === id || (r as { runtime?: { id?: string } }).runtime?.id === id)) {
        throw new UsageError(`${config.base} has no strategy or runtime variant '${id}'; pass ids from its runs to --a and --b`);
      }
    }
    comparison = compareWithin(results, config.ab.a, config.ab.b, threshold);
  } else {
    // One after the other: with two bad files the error names the first, every time
    // (Promise.all reported whichever read failed first).
    const base = await readResultsFile(config.base);
    const next = await readResultsFile(config.next ?? '');
    comparison = compareResults(base, next, { baseLabel: config.base, nextLabel: config.next ?? 'new', ...threshold });
  }
  if (config.json) io.stdout(`${JSON.stringify(comparison, null, 2)}\n`);
  else io.stdout(renderCompareText(comparison));
  return { comparison, exitCode: gateExitCode(comparison, config.failOnRegression, io, config.allowOtherMachine ?? false) };
}

/** The exit code of `--fail-on-regression` against another machine: a wrong baseline, not a regression. */
export const OTHER_MACHINE_EXIT = 2;

/**
 * 1 when the gate is set and a row is a regression; the reasons go to stderr, one line
 * each, followed by the undecided rows. 2 when the baseline was measured on another
 * machine (CPU model, core count, runtime) and `allowOtherMachine` is not set.
 */
export function gateExitCode(
  comparison: Comparison,
  threshold: number | undefined,
  io: Pick<CompareIo, 'stderr'>,
  allowOtherMachine = false,
): number {
  if (threshold === undefined) return 0;
  const machine = comparison.machineDifferences ?? [];
  if (machine.length > 0 && !allowOtherMachine) {
    io.stderr(
      `muxbench: not gating: the baseline was measured on another machine (${machine.join('; ')}); ` +
        `measure a baseline on this runner type, or pass --allow-other-machine to gate anyway\n`,
    );
    return OTHER_MACHINE_EXIT;
  }
  const limit = `${(threshold * 100).toFixed(1)} %`;
  const tests = comparison.correction?.tests ?? 0;
  const failures = gateFailures(comparison);
  for (const f of failures) {
    const m = f.change;
    io.stderr(
      `muxbench: regression above ${limit}: ${f.scenario} ${f.strategy} ${m.metric} ${fmtSlowdown(m)} ` +
        `(Holm-adjusted p = ${fmtP(m.adjustedP)} over ${tests} comparisons)\n`,
    );
  }
  // Rows not gated are in the table; only what the gate guards is listed here.
  const open = rowsWith(comparison, 'inconclusive').filter((f) => f.change.gated !== false);
  if (open.length > 0) {
    io.stderr(`muxbench: ${open.length} row${open.length === 1 ? '' : 's'} inconclusive at ${limit} (not a failure; more repetitions decide):\n`);
    for (const f of open) {
      const n = f.change.repetitionsToDecide;
      io.stderr(`  ${f.scenario} ${f.strategy} ${f.change.metric} ${fmtSlowdown(f.change)}${n ? `, ~${n} repetitions a side` : ''}\n`);
    }
  }
  return failures.length > 0 ? 1 : 0;
}
