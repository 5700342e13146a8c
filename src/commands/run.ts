/** `muxbench run`: build the plan, start the target, run every case, print the table. */
import path from 'node:path';
import type { RunConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { renderTable } from '../report/table.js';
import type { CaseResult, Results } from '../results.js';
import { planCases } from '../run/plan.js';
import { strategiesInFile } from '../run/load-strategy.js';
import { runPlan, type RunEvent } from '../run/runner.js';
import { findStrategy } from '../strategies/registry.js';
import type { Strategy } from '../strategies/types.js';
import type { CaseTrace } from '../trace/collector.js';
import { openTraceFile } from '../trace/file.js';
import { startTarget } from '../target/start.js';
import { H2LOAD_ID, REFERENCE_SCENARIOS, h2loadReference, referenceInfo } from '../reference/h2load.js';
import { effectiveScenario, findScenario, withConcurrency } from '../workload/scenarios.js';

export interface RunIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  command: string;
}

function progress(io: RunIo, quiet: boolean): (event: RunEvent) => void {
  const started = performance.now();
  return (event) => {
    if (quiet) return;
    switch (event.type) {
      case 'case-start':
        break;
      case 'case-done': {
        const r = event.result;
        const elapsed = ((performance.now() - started) / 1000).toFixed(0);
        const what =
          r.status === 'ok'
            ? `${r.connections.opened} conn, ${r.requests.failed} failed, ${r.throughputRps.toFixed(0)} req/s`
            : r.status === 'skipped'
              ? `skipped: ${r.skipReason ?? ''}`
              : `error ${r.error?.code ?? ''}: ${r.error?.message ?? ''}`;
        io.stderr(`[${event.index + 1}/${event.total} ${elapsed}s] ${r.scenario} ${r.strategy} #${r.repetition + 1}: ${what}\n`);
        break;
      }
      case 'written':
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
  };
}

/** What verify and trace add to a run: their own output instead of the table, and the traces. */
export interface RunHooks {
  /** Print the results table (default true). */
  table?: boolean;
  onTrace?: (trace: CaseTrace, result: CaseResult) => void | Promise<void>;
}

export async function runCommand(config: RunConfig, io: RunIo, hooks: RunHooks = {}): Promise<Results> {
  const scenarios = config.scenarios.map((id) => {
    const scenario = findScenario(id);
    if (!scenario) throw new UsageError(`unknown scenario '${id}'`);
    const sized = config.concurrency === undefined ? scenario : withConcurrency(scenario, config.concurrency);
    return effectiveScenario(sized, config.quick);
  });
  const chosen: Array<{ strategy: Strategy; file?: string }> = config.strategies.map((id) => {
    const strategy = id === H2LOAD_ID ? h2loadReference : findStrategy(id);
    if (!strategy) throw new UsageError(`unknown strategy '${id}'`);
    return { strategy };
  });
  for (const file of config.strategyFiles) {
    const absolute = path.resolve(file);
    for (const strategy of await strategiesInFile(absolute)) chosen.push({ strategy, file: absolute });
  }
  const traceFile = config.traceFile !== undefined ? await openTraceFile(config.traceFile) : undefined;
  const onTrace =
    traceFile || hooks.onTrace
      ? async (trace: CaseTrace, result: CaseResult): Promise<void> => {
          await traceFile?.write(trace, result);
          await hooks.onTrace?.(trace, result);
        }
      : undefined;
  // The native reference only runs where it means something: sustained concurrency.
  const cases = planCases(scenarios, chosen, config.repetitions).filter(
    (c) => c.strategy.id !== H2LOAD_ID || REFERENCE_SCENARIOS.includes(c.scenario.id),
  );
  const withReference = cases.some((c) => c.strategy.id === H2LOAD_ID);
  const target = await startTarget(config.target);
  const onInterrupt = (): void => {
    io.stderr('\ninterrupted: results measured so far are in the results files\n');
    void target.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  try {
    const baseName = new Date().toISOString().replace(/[:.]/g, '-');
    if (!config.quiet) io.stderr(`muxbench: ${cases.length} cases against ${target.origin.href}\n`);
    const results = await runPlan({
      cases,
      scenarios,
      strategies: chosen.map((c) => c.strategy),
      target,
      command: io.command,
      repetitions: config.repetitions,
      quick: config.quick,
      ...(config.outDir !== undefined ? { outDir: config.outDir } : {}),
      baseName,
      requestTimeoutMs: config.requestTimeoutMs,
      onEvent: progress(io, config.quiet),
      ...(onTrace ? { onTrace } : {}),
      ...(withReference ? { reference: await referenceInfo() } : {}),
    });
    if (hooks.table ?? true) {
      io.stdout(renderTable(results));
      if (config.traceFile !== undefined) io.stdout(`\ntrace: ${config.traceFile} (one event per line)\n`);
    }
    if (config.outDir !== undefined) {
      io.stdout(`\nresults: ${path.join(config.outDir, `${baseName}.json`)} and .md\n`);
    }
    return results;
  } finally {
    process.off('SIGINT', onInterrupt);
    await target.close();
    await traceFile?.close();
  }
}
