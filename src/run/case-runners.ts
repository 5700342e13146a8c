/** One case, run by its runner kind (runner-kind.ts): each returns a worker-shaped reply. */
import { runClientCase } from '../client-cmd/run-case.js';
import { runReferenceCase } from '../reference/h2load.js';
import type { Target } from '../targets/types.js';
import type { PlannedCase } from './plan.js';
import type { CaseOutcome } from '../runner-kinds/runner-kind.js';
import type { CaseSpec, WorkerReply } from '../runner-kinds/protocol.js';
import { projectRoot, runWorker } from './spawn-worker.js';
import { workerLaunch } from '../runtimes/launch.js';
import { runHarnessCase } from '../harness/harness-case.js';
import { idleBudgetMs } from '../workload/scenarios.js';
import { DEFAULT_SUSTAINED, shapeOf } from '../workload/sustained.js';
import type { ScenarioInfo } from '../results.js';
import { definedOnly } from '../defined.js';

/** A sustained case's warm-up and measured window: --duration makes it up to hours, so the case's limit grows with it. */
const sustainedMs = (scenario: ScenarioInfo): number => {
  if (shapeOf(scenario) !== 'sustained') return 0;
  const budget = scenario.sustained ?? DEFAULT_SUSTAINED;
  return budget.warmupMs + budget.durationMs;
};

export interface CaseRunContext {
  requestTimeoutMs: number;
  /** Send the case's trace back with its reply. */
  trace: boolean;
  openLoop?: { rateRps: number; durationMs: number } | undefined;
  /** An interrupt (SIGINT/SIGTERM): the case's process is killed at once. */
  signal?: AbortSignal | undefined;
  /** --debug: failed requests keep their first stack per error code. */
  debug?: boolean | undefined;
}

export async function runCase(planned: PlannedCase, target: Target, ctx: CaseRunContext): Promise<CaseOutcome> {
  const runner = planned.runner ?? { kind: 'worker' };
  switch (runner.kind) {
    case 'worker':
      return { reply: await runCaseWorker(planned, target, ctx) };
    case 'h2load':
      // The native reference is a child process of its own, not a worker.
      return { reply: await runReferenceCase(planned.scenario, target, planned.scenario.rounds.maxTimeMs * 4 + ctx.requestTimeoutMs * 2, ctx.signal) };
    case 'client-cmd':
      return runClientCase(runner.command, runner.timeoutMs, planned.scenario, target, ctx.trace, ctx.signal);
    case 'harness': {
      if (!planned.variant) throw new Error('a harness case needs its Bun or Deno variant');
      if (ctx.openLoop) return { reply: { type: 'error', code: 'HARNESS_OPEN_LOOP', message: 'open-loop load (--rate/--duration) runs on Node only; the Bun and Deno harness runs closed-loop rounds' } };
      const hardLimitMs = planned.scenario.rounds.maxTimeMs * 3 + 3_000;
      const limits = { requestTimeoutMs: ctx.requestTimeoutMs, hardLimitMs, caseTimeoutMs: hardLimitMs + ctx.requestTimeoutMs * 2 + 15_000 };
      return runHarnessCase(planned.variant, planned.strategy.id, planned.scenario, target, limits, ctx.signal);
    }
    default: {
      const exhaustive: never = runner;
      throw new Error(`unknown runner ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** One case in a fresh worker process (bounded by a case timeout). */
async function runCaseWorker(planned: PlannedCase, target: Target, ctx: CaseRunContext): Promise<WorkerReply> {
  const spec: CaseSpec = {
    scenario: planned.scenario,
    strategy: planned.exportedId ?? planned.strategy.id,
    ...definedOnly({ strategyFile: planned.strategyFile }),
    repetition: planned.repetition,
    origin: target.origin.href,
    ...(target.origins !== undefined ? { origins: target.origins.map((o) => o.href) } : {}),
    tls: target.tls,
    pathTemplate: target.pathTemplate,
    requestTimeoutMs: ctx.requestTimeoutMs,
    hardLimitMs: planned.scenario.rounds.maxTimeMs * 3 + 3_000 + (ctx.openLoop?.durationMs ?? 0) + sustainedMs(planned.scenario) + idleBudgetMs(planned.scenario),
    ...(ctx.trace ? { trace: true } : {}),
    ...(ctx.openLoop ? { openLoop: ctx.openLoop } : {}),
    ...(ctx.debug === true ? { debug: true } : {}),
  };
  const env = planned.strategy.processEnv?.(target.tls) ?? {};
  const caseTimeoutMs = spec.hardLimitMs + ctx.requestTimeoutMs * 2 + 15_000;
  // A runtime variant (--node, --with): its binary, and the hook that resolves its libraries.
  const launch = planned.variant ? await workerLaunch(planned.variant, projectRoot, planned.strategyFile) : undefined;
  return runWorker(spec, env, caseTimeoutMs, launch, ctx.signal);
}
