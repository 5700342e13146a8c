/**
 * The second step of a run: start the target, install runtime variants, build the plan and
 * run every case. Results files are written through the `persist` handed in, after every
 * case, so an interrupted run keeps what it measured.
 */
import type { CaseResult, Results } from '../results.js';
import { planCases, type PlannedCase } from '../run/plan.js';
import { pinToServerCore, pinToWorkerCores, unpin } from '../run/pin.js';
import { runPlan, type PersistResults, type RunEvent } from '../run/runner.js';
import { PrecisionScheduler } from '../run/schedule.js';
import { REFERENCE_SCENARIOS, referenceInfo } from '../reference/h2load.js';
import { describeVariant, resolveVariants } from '../runtimes/variants.js';
import { startTarget } from '../targets/start.js';
import { calibrateCosts } from '../costs/calibrate.js';
import { runWarmup, warmupCases } from '../run/warmup.js';
import { caseSkipReason } from '../run/case-skip.js';
import type { CaseTrace } from '../trace/collector.js';
import { sweepSkipReason } from '../workload/sweep.js';
import { createProgress, type ProgressStream } from '../commands/progress.js';
import type { PreparedRun } from './prepare.js';
import { alternatePairs, describeBase } from '../base/pairs.js';

export interface RunIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  command: string;
  /** Where the progress bar goes (default: process.stderr, drawn only on a TTY). */
  progressStream?: ProgressStream;
  /** Environment to read GITHUB_STEP_SUMMARY from (default: process.env). */
  env?: Record<string, string | undefined>;
}

/** What a caller hears while a run measures. */
export interface MeasureHooks {
  onTrace?: (trace: CaseTrace, result: CaseResult) => void | Promise<void>;
  /** Every case as it starts and finishes (the API's onEvent). */
  onEvent?: (event: RunEvent) => void;
}

/** The shell's convention for a run stopped by a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
export function interruptExitCode(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? 130 : 143;
}

export async function measure(prepared: PreparedRun, persist: PersistResults | undefined, io: RunIo, hooks: MeasureHooks = {}): Promise<Results> {
  const { config, scenarios, chosen, traceFile, fdLimit, pin, base } = prepared;
  // The previous client and the new one swap places every other repetition (src/base/pairs.ts).
  const pairs = base?.record.pairs ?? [];
  const ordered = (batch: PlannedCase[]): PlannedCase[] => (pairs.length > 0 ? alternatePairs(batch, pairs) : batch);
  const onTrace =
    traceFile || hooks.onTrace
      ? async (trace: CaseTrace, result: CaseResult): Promise<void> => {
          await traceFile?.write(trace, result);
          await hooks.onTrace?.(trace, result);
        }
      : undefined;
  const progress = createProgress({ stream: io.progressStream ?? process.stderr, quiet: config.quiet || config.json });
  let target: Awaited<ReturnType<typeof startTarget>> | undefined;
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
  try {
    if (pin) pinToServerCore(pin);
    target = await startTarget(config.target);
    if (pin) pinToWorkerCores(pin);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
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
    // What a connection costs this server (CPU per handshake, memory per connection;
    // docs/costs.md): 1–3 s before the first case, so --quick goes without it.
    const costs = config.quick ? undefined : await calibrateCosts(target);
    if (base) (config.json ? io.stderr : io.stdout)(`${[...describeBase(base.record), ...base.notes].join('\n')}\n\n`);
    if (progress.enabled) io.stderr(`muxbench: ${cases.length} cases against ${target.origin.href}\n`);
    // --warmup: real cases, run and discarded (run/warmup.ts says why not synthetic requests).
    const warmTarget = target;
    const warming = warmupCases(cases, config.warmup, (c) => caseSkipReason(c, warmTarget) === undefined);
    if (progress.enabled && warming.length > 0) io.stderr(`muxbench: warming up with ${warming.length} discarded case${warming.length === 1 ? '' : 's'}\n`);
    const warmup = await runWarmup(warming, target, {
      requestTimeoutMs: config.requestTimeoutMs,
      signal: interrupt.signal,
      ...(config.openLoop ? { openLoop: config.openLoop } : {}),
      ...(config.debug ? { debug: true } : {}),
    });
    // --precision: the first repetition is the template; the scheduler adds the rest. Its
    // clock starts after the warm-up (its time per case would count the warm-up's), with
    // the warm-up's time taken off --max-time, so the run still ends within it.
    const scheduler = config.precision
      ? new PrecisionScheduler(cases.filter((c) => c.repetition === 0), {
          ...config.precision,
          maxTimeMs: Math.max(0, config.precision.maxTimeMs - (warmup?.ms ?? 0)),
          minRepetitions: Math.max(3, config.repetitions),
          gate: config.output?.gate ?? [],
        })
      : undefined;
    const results = await runPlan({
      cases: ordered(scheduler ? scheduler.first() : cases),
      ...(scheduler ? { nextCases: (runs: readonly CaseResult[]) => ordered(scheduler.next(runs)) } : {}),
      scenarios,
      strategies: chosen.map((c) => c.strategy),
      target,
      command: io.command,
      repetitions: config.repetitions,
      quick: config.quick,
      ...(persist ? { persist } : {}),
      requestTimeoutMs: config.requestTimeoutMs,
      onEvent: (event) => {
        progress.onEvent(event);
        hooks.onEvent?.(event);
      },
      ...(onTrace ? { onTrace } : {}),
      ...(withReference ? { reference: await referenceInfo() } : {}),
      ...(config.openLoop ? { openLoop: config.openLoop } : {}),
      ...(variants ? { variants } : {}),
      ...(config.debug ? { debug: true } : {}),
      ...(costs ? { costs } : {}),
      ...(warmup ? { warmup } : {}),
      interrupt: { signal: interrupt.signal, reason: () => signalName },
    });
    if (base) results.base = base.record;
    if (results.interrupted) return results;
    // Facts of the measurement the runner does not know: how the precision target ended, where the processes ran.
    if (scheduler) results.precision = scheduler.summary(results.runs);
    if (pin && results.provenance) results.provenance.pinning = { server: pin.server, workers: pin.workers };
    return results;
  } finally {
    progress.finish();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    if (pin) unpin(pin);
    await target?.close();
    await traceFile?.close();
    await base?.remove();
  }
}
