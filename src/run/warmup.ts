/**
 * --warmup N: cases run before the measurement and thrown away, N of each scenario, so the
 * server muxbench started is warm when the first measured case begins (hyperfine's
 * --warmup, per scenario instead of per command).
 *
 * Why real cases and not synthetic requests (docs/release-gate.md, "Warm-up"): in a burst
 * run the ping server spent 170, 70, 94 and 41 µs of CPU per request in the first four
 * cases and ~30 µs after; 4,000 or 40,000 pings sent from muxbench itself before the run,
 * with or without the scenario's delay, left that unchanged, while four discarded burst
 * cases brought the first measured case to 31–53 µs (p50 17.7 → 14.9 ms). Without a
 * warm-up the first repetition of each row is the slowest, and a run that stops after few
 * repetitions weighs it more than one that runs many: two runs of the same code differ.
 */
import type { WarmupRecord } from '../results.js';
import { scenarioRelays } from '../targets/relay/scenario-relay.js';
import type { Target } from '../targets/types.js';
import { runCase, type CaseRunContext } from './case-runners.js';
import type { PlannedCase } from './plan.js';

/**
 * The warm-up: for each scenario in plan order, its first case that `runs` (not skipped; a
 * worker or harness case, not an external program), `perScenario` times, scenarios taking
 * turns as the plan's repetitions do.
 */
export function warmupCases(cases: readonly PlannedCase[], perScenario: number, runs: (c: PlannedCase) => boolean): PlannedCase[] {
  const firsts = new Map<string, PlannedCase>();
  for (const c of cases) {
    if (c.runner !== undefined && c.runner.kind !== 'worker' && c.runner.kind !== 'harness') continue;
    if (!firsts.has(c.scenario.id) && runs(c)) firsts.set(c.scenario.id, c);
  }
  const out: PlannedCase[] = [];
  for (let i = 0; i < perScenario; i++) for (const c of firsts.values()) out.push({ ...c, repetition: i });
  return out;
}

/**
 * Runs the warm-up cases the way the runner runs a case (a fresh worker; a scenario with
 * its own round trip through its relay) and keeps nothing of them; stops at an interrupt.
 */
export async function runWarmup(cases: readonly PlannedCase[], target: Target, ctx: Omit<CaseRunContext, 'trace'>): Promise<WarmupRecord | undefined> {
  if (cases.length === 0) return undefined;
  const started = performance.now();
  const relays = scenarioRelays(target);
  try {
    for (const planned of cases) {
      if (ctx.signal?.aborted) break;
      const view = await relays.targetFor(planned.scenario);
      if (view.kind === 'target') await runCase(planned, view.target, { ...ctx, trace: false });
    }
  } finally {
    await relays.close();
  }
  return { cases: cases.length, ms: Math.round(performance.now() - started) };
}
