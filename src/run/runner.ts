/**
 * Runs a plan against a target: for each case, zero the server's counters, run the case
 * in a fresh worker, read the server's counters, and rewrite the results files, so an
 * interrupted run keeps everything it measured.
 */
import type { CaseResult, LifetimeResult, Results, ScenarioInfo, StrategyInfo } from '../results.js';
import { lifetimeFromLedger, type LifetimeMarks } from '../targets/server-lifetime.js';
import { SCHEMA_VERSION } from '../results.js';
import { judge as judgeCase } from '../diagnose/registry.js';
import { atScenarioRtt, targetFacts } from '../diagnose/target-facts.js';
import { aggregate } from '../stats/aggregate.js';
import type { Strategy } from '../strategies/types.js';
import type { Target } from '../targets/types.js';
import type { CaseTrace } from '../trace/collector.js';
import { captureEnvironment, toolVersion } from './environment.js';
import { finishProvenance, startProvenance } from './provenance.js';
import { caseResult } from './case-result.js';
import type { PlannedCase } from './plan.js';
import { runCase } from './case-runners.js';
import { caseSkipReason } from './case-skip.js';
import type { ReferenceInfo, VariantInfo } from '../results.js';
import type { Variant } from '../runtimes/types.js';
import { withReferenceRatios } from '../stats/reference.js';
import { processesCpuNs } from '../process/cpu-time.js';
import { endCaseMemory, startCaseMemory } from '../costs/case-memory.js';
import type { CostCalibration, WarmupRecord } from '../results.js';
import { scenarioRelays, type ScenarioRelays } from '../targets/relay/scenario-relay.js';
import { definedOnly } from '../defined.js';

export type RunEvent =
  | { type: 'case-start'; index: number; total: number; planned: PlannedCase }
  | { type: 'case-done'; index: number; total: number; result: CaseResult }
  | { type: 'written'; json: string; md: string };

/**
 * Writes the results files and says where they are; the runner calls it after every case.
 * Handed in by the caller (src/pipeline/persist.ts): the runner measures, it does not store.
 */
export type PersistResults = (results: Results) => Promise<{ json: string; md: string }>;

export interface RunOptions {
  cases: PlannedCase[];
  scenarios: ScenarioInfo[];
  strategies: Strategy[];
  target: Target;
  /** The warm-up that ran before these cases (run/warmup.ts). */
  warmup?: WarmupRecord;
  /** What one connection costs the target's server, calibrated before the cases (costs/calibrate.ts). */
  costs?: CostCalibration;
  command: string;
  repetitions: number;
  quick: boolean;
  /** Writes the results files after every case; undefined = do not write files. */
  persist?: PersistResults;
  requestTimeoutMs: number;
  onEvent?: (event: RunEvent) => void;
  /** When set, every case sends its full per-request trace here (muxbench trace, --trace-file). */
  onTrace?: (trace: CaseTrace, result: CaseResult) => void | Promise<void>;
  /** The native reference client, when the plan has h2load rows. */
  reference?: ReferenceInfo;
  /** Open-loop load for every case instead of closed-loop rounds. */
  openLoop?: { rateRps: number; durationMs: number };
  /** --debug: the results keep the first stack of each error code of the failed requests. */
  debug?: boolean;
  /** The runtime × library variants the cases run on (--node, --with), in column order. */
  variants?: Variant[];
  /** Called when the planned cases are done: more cases to run, decided from the runs so far (run/schedule.ts); [] ends the run. */
  nextCases?: (runs: readonly CaseResult[]) => PlannedCase[];
  /**
   * SIGINT/SIGTERM (commands/run.ts): the running case's process is killed, the case is
   * recorded as interrupted (not as a run), and the files are written with what finished.
   */
  interrupt?: { signal: AbortSignal; reason: () => 'SIGINT' | 'SIGTERM' };
}

function variantInfo(v: Variant): VariantInfo {
  const engine = v.node.engine !== undefined ? { engine: v.node.engine, engineVersion: v.node.version } : {};
  return { id: v.id, node: v.node.engine !== undefined ? 'none' : v.node.version, bin: v.node.bin, packages: v.packages, ...engine, ...definedOnly({ skipReason: v.skipReason }) };
}

function strategyInfo(s: Strategy): StrategyInfo {
  return { id: s.id, label: s.label, library: s.library, intent: s.intent };
}

/** The server handles its last accepts a moment after the client saw them: wait until the counts settle. */
async function settledCounters(target: Target): Promise<Awaited<ReturnType<Target['readCounters']>>> {
  let last = await target.readCounters();
  for (let i = 0; i < 10 && last !== null; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const next = await target.readCounters();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}

/** The lifetime scenario's server-side figures (targets/server-lifetime.ts); undefined for other scenarios or a server that is not ours. */
async function lifetimeOf(scenario: ScenarioInfo, marks: LifetimeMarks | undefined, target: Target): Promise<LifetimeResult | undefined> {
  if (scenario.lifetime === undefined || marks === undefined || target.readLedger === undefined) return undefined;
  const origins = (target.origins ?? [target.origin]).slice(0, Math.max(1, scenario.lifetime.origins));
  return lifetimeFromLedger(await target.readLedger(), marks, origins.map((o) => Number(o.port)), scenario.lifetime.gapsMs);
}

export async function runPlan(options: RunOptions): Promise<Results> {
  const relays = scenarioRelays(options.target);
  try {
    return await runPlanWith(options, relays);
  } finally {
    await relays.close();
  }
}

async function runPlanWith(options: RunOptions, relays: ScenarioRelays): Promise<Results> {
  const { cases, target } = options;
  const results: Results = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'muxbench', version: toolVersion() },
    startedAt: new Date().toISOString(),
    finishedAt: null,
    command: options.command,
    environment: captureEnvironment(),
    provenance: startProvenance(),
    target: {
      kind: target.kind,
      origin: target.origin.href,
      mtls: target.mtls,
      ...definedOnly({ server: target.server }),
      ...(target.h2cOnly ? { h2cOnly: true } : {}),
      ...(target.network ? { rttMs: target.network.rttMs, rttJitterMs: target.network.jitterMs } : {}),
      ...(target.network?.bandwidthMbps !== undefined ? { bandwidthMbps: target.network.bandwidthMbps } : {}),
      ...(options.costs ? { costs: options.costs } : {}),
    },
    options: {
      repetitions: options.repetitions,
      quick: options.quick,
      scenarios: options.scenarios.map((s) => s.id),
      strategies: options.strategies.map((s) => s.id),
      ...(options.warmup ? { warmup: options.warmup } : {}),
    },
    strategies: options.strategies.map(strategyInfo),
    scenarios: options.scenarios,
    runs: [],
    aggregates: [],
    ...(options.openLoop ? { load: { kind: 'open-loop' as const, ...options.openLoop } } : {}),
    ...definedOnly({ reference: options.reference }),
    ...(options.variants !== undefined ? { variants: options.variants.map(variantInfo) } : {}),
  };

  // Verdicts are recomputed over all runs: what the target speaks may only become known
  // from a later case (an external URL).
  const judge = (): void => {
    const facts = targetFacts(target.kind, results.runs, target.server, results.target);
    for (const run of results.runs) {
      const strategy = results.strategies.find((s) => s.id === run.strategy);
      if (!strategy) continue;
      const scenario = results.scenarios.find((s) => s.id === run.scenario);
      const { verdicts, notJudged } = judgeCase({ result: run, strategy, target: atScenarioRtt(facts, scenario, results.scenarios) });
      run.verdicts = verdicts;
      if (notJudged.length > 0) run.notJudged = notJudged;
      else delete run.notJudged;
    }
  };

  // Verdicts are already current: judge() runs after every case, before its event.
  const save = async (): Promise<void> => {
    results.aggregates = withReferenceRatios(aggregate(results.runs));
    if (options.persist === undefined) return;
    options.onEvent?.({ type: 'written', ...(await options.persist(results)) });
  };

  // A queue rather than a fixed list: a precision target adds cases as results come in.
  const queue = [...cases];
  const interrupted = (planned: PlannedCase | null, index: number): void => {
    results.interrupted = true;
    results.interruption = {
      signal: options.interrupt?.reason() ?? 'SIGINT',
      case: planned
        ? {
            scenario: planned.scenario.id,
            strategy: planned.strategy.id,
            repetition: planned.repetition,
            ...(planned.variant !== undefined ? { variant: planned.variant.id } : {}),
          }
        : null,
      finished: index,
      planned: queue.length,
    };
  };
  for (let index = 0; index < queue.length; index++) {
    const planned = queue[index]!;
    if (options.interrupt?.signal.aborted) {
      interrupted(null, index);
      break;
    }
    options.onEvent?.({ type: 'case-start', index, total: queue.length, planned });
    const started = performance.now();
    const skip = caseSkipReason(planned, target);
    // A scenario with its own round trip (seed-rtt20) runs through its relay; the rest on the run's target.
    const view = skip === undefined ? await relays.targetFor(planned.scenario) : undefined;
    let result: CaseResult;
    if (view === undefined || view.kind === 'skip') {
      result = caseResult(planned, { type: 'skipped', reason: skip ?? (view?.kind === 'skip' ? view.reason : '') }, null, 0);
    } else {
      const caseTarget = view.target;
      await caseTarget.resetCounters();
      // The server's processes (the ping server; nginx's workers): their CPU time and RSS around the case.
      const serverPids = (await caseTarget.serverPids?.()) ?? [];
      const serverCpuStart = processesCpuNs(serverPids);
      const rssBefore = startCaseMemory(serverPids);
      const { reply, client, harness } = await runCase(planned, caseTarget, {
        requestTimeoutMs: options.requestTimeoutMs,
        trace: options.onTrace !== undefined,
        openLoop: options.openLoop,
        signal: options.interrupt?.signal,
        debug: options.debug,
      });
      if (options.interrupt?.signal.aborted) {
        interrupted(planned, index);
        break;
      }
      const server = await settledCounters(caseTarget);
      const serverCpuEnd = processesCpuNs(serverPids);
      const serverCpuNs = serverCpuStart !== undefined && serverCpuEnd !== undefined ? serverCpuEnd - serverCpuStart : undefined;
      result = caseResult(planned, reply, server, performance.now() - started, serverCpuNs);
      const relay = await caseTarget.readRelay?.();
      if (relay && result.status !== 'skipped') result.connections.relayAccepted = relay.accepted;
      const serverMemory = endCaseMemory(serverPids, rssBefore);
      if (serverMemory && result.status === 'ok') result.serverMemory = serverMemory;
      if (reply.type === 'result' && result.status === 'ok') {
        const lifetime = await lifetimeOf(planned.scenario, reply.measurement.lifetimeMarks, caseTarget);
        if (lifetime) result.lifetime = lifetime;
      }
      if (client) result.client = client;
      if (harness) result.harness = harness;
      if (reply.type === 'result' && reply.trace && options.onTrace) await options.onTrace(reply.trace, result);
    }
    results.runs.push(result);
    judge();
    options.onEvent?.({ type: 'case-done', index, total: queue.length, result });
    await save();
    if (index === queue.length - 1 && options.nextCases && !options.interrupt?.signal.aborted) queue.push(...options.nextCases(results.runs));
  }
  results.finishedAt = new Date().toISOString();
  if (results.provenance) finishProvenance(results.provenance);
  await save();
  return results;
}
