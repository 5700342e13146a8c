/**
 * Whether the origin speaks h2. Our local server always offers it; for any other target
 * the run itself is the evidence: if any case negotiated h2 with it (client or server
 * side), it does. Without such evidence the downgrade rule stays silent rather than guess.
 */
import type { CaseResult, Results, ScenarioInfo, TargetServer } from '../results.js';
import { keepAliveTimeoutOf } from '../targets/server-options.js';
import type { TargetFacts } from './types.js';
import { definedOnly } from '../defined.js';

export function targetFacts(kind: Results['target']['kind'], runs: readonly CaseResult[], server?: TargetServer, target?: Results['target']): TargetFacts {
  const facts = factsOf(kind, runs, server);
  const costs = target?.rttMs !== undefined || target?.costs !== undefined
    ? {
        ...definedOnly({ rttMs: target.rttMs }),
        ...(target.costs ? { fullHandshakeCpuNs: target.costs.fullHandshakeCpuNs, resumedHandshakeCpuNs: target.costs.resumedHandshakeCpuNs } : {}),
      }
    : undefined;
  return costs ? { ...facts, costs } : facts;
}

/**
 * The facts for one scenario's cases: a scenario with its own round trip (seed-rtt20) quotes
 * its costs at that RTT; a loopback scenario of a run without --rtt quotes them at the run's
 * RTT scenario's, named (the default run: what the seed's extra connections would cost at
 * seed-rtt20's 20 ms).
 */
export function atScenarioRtt(facts: TargetFacts, scenario: ScenarioInfo | undefined, scenarios: readonly ScenarioInfo[]): TargetFacts {
  if (scenario?.rttMs !== undefined) return { ...facts, costs: { ...facts.costs, rttMs: scenario.rttMs } };
  const other = facts.costs?.rttMs === undefined ? scenarios.find((s) => s.rttMs !== undefined) : undefined;
  if (other?.rttMs === undefined) return facts;
  return { ...facts, costs: { ...facts.costs, rttMs: other.rttMs, rttScenario: other.id } };
}

function factsOf(kind: Results['target']['kind'], runs: readonly CaseResult[], server?: TargetServer): TargetFacts {
  const settings = kind === 'local' ? server?.settings : undefined;
  // The ping server closes no idle connection unless --server-keepalive-timeout says so.
  const timeout = keepAliveTimeoutOf(settings);
  const idle = kind === 'local' ? { keepAliveTimeoutMs: timeout ?? null } : {};
  const closing = CLOSING.filter((key) => settings?.[key] !== undefined).map((key) => `--server-${key.replace(/-ms$/, '')} ${String(settings?.[key])}`);
  const closes = closing.length > 0 ? { serverCloses: closing.join(', ') } : {};
  if (kind === 'local') return { speaksH2: true, ...idle, ...closes };
  const sawH2 = runs.some((r) => (r.connections.alpn.h2 ?? 0) > 0 || (r.connections.server?.alpn.h2 ?? 0) > 0);
  return { speaksH2: sawH2 ? true : null };
}

/** The ping server's settings (server-options.ts behaviourSettings) that end connections. */
const CLOSING = ['close-after', 'keepalive-max', 'keepalive-timeout-ms', 'reset-every'] as const;
