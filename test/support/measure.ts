/**
 * Test support: run real cases (worker processes) against a real local ping server with
 * the given server options, the way `muxbench run` does, and keep every case's trace.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, Results } from '../../src/results.js';
import { strategiesInFile } from '../../src/run/load-strategy.js';
import { runOnce } from '../../src/run/run-once.js';
import { findStrategy } from '../../src/strategies/registry.js';
import type { Strategy } from '../../src/strategies/types.js';
import { startLocalTarget } from '../../src/targets/local.js';
import type { PingServerOptions } from '../../src/targets/types.js';
import type { CaseTrace } from '../../src/trace/collector.js';
import { effectiveScenario, findScenario, withConcurrency } from '../../src/workload/scenarios.js';

export const MISCONFIGURED = fileURLToPath(new URL('./misconfigured-clients.ts', import.meta.url));

export interface Measured {
  results: Results;
  traces: Map<CaseResult, CaseTrace>;
  run(strategy: string): CaseResult;
}

export async function measure(opts: {
  scenario: string;
  concurrency?: number;
  strategies: string[];
  server?: PingServerOptions;
  /** Round budget instead of the scenario's quick one (for effects that need many requests). */
  rounds?: { warmup: number; min: number; maxTimeMs: number };
}): Promise<Measured> {
  const base = findScenario(opts.scenario);
  if (!base) throw new Error(`no scenario ${opts.scenario}`);
  const quick = effectiveScenario(opts.concurrency ? withConcurrency(base, opts.concurrency) : base, true);
  const scenario = opts.rounds ? { ...quick, rounds: opts.rounds } : quick;
  const user = await strategiesInFile(MISCONFIGURED);
  const chosen = opts.strategies.map((id): { strategy: Strategy; file?: string } => {
    const builtIn = findStrategy(id);
    if (builtIn) return { strategy: builtIn };
    const mine = user.find((s) => s.id === id);
    if (!mine) throw new Error(`no strategy ${id}`);
    return { strategy: mine, file: MISCONFIGURED };
  });
  const certsDir = await mkdtemp(path.join(tmpdir(), 'muxbench-diagnose-'));
  const target = await startLocalTarget({ ...opts.server, certsDir });
  const traces = new Map<CaseResult, CaseTrace>();
  try {
    const results = await runOnce(target, scenario, chosen, {
      onTrace: (trace, result) => {
        traces.set(result, trace);
      },
    });
    return {
      results,
      traces,
      run(strategy) {
        const found = results.runs.find((r) => r.strategy === strategy);
        if (!found) throw new Error(`no run of ${strategy}`);
        return found;
      },
    };
  } finally {
    await target.close();
    await rm(certsDir, { recursive: true, force: true });
  }
}

/** The verdict of one rule in a case; throws when the rule gave none. */
export function verdictOf(run: CaseResult, rule: string): CaseResult['verdicts'][number] {
  const v = run.verdicts.find((x) => x.rule === rule);
  if (!v) throw new Error(`${run.strategy}: no verdict for ${rule}`);
  return v;
}
