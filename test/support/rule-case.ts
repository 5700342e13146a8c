/**
 * Test-only: one measured case written out by hand for the rule tests
 * (src/diagnose/rule-boundaries.test.ts, rule-messages.test.ts): an h2 case of
 * concurrency 10, 1 connection, 50 requests, 10 in flight at once, which passes every
 * rule; each test changes one field of it.
 */
import type { CaseResult, ConnectionCounts, StrategyInfo, Verdict } from '../../src/results.js';
import { diagnose } from '../../src/diagnose/registry.js';

export const C = 10;

export function counts(opened: number, alpn = 'h2', resumed = 0): ConnectionCounts {
  return { opened, tlsFull: opened - resumed, tlsResumed: resumed, alpn: opened > 0 ? { [alpn]: opened } : {} };
}

export function base(): CaseResult {
  return {
    scenario: 'burst',
    strategy: 'x',
    repetition: 0,
    concurrency: C,
    status: 'ok',
    requests: { total: 50, ok: 50, failed: 0, errors: {} },
    connections: {
      ...counts(1),
      serverAccepted: 1,
      maxConcurrentStreams: C,
      requestsPerConnection: [50],
      unused: 0,
      cold: counts(1),
      warm: counts(0),
      server: null,
      goaways: 0,
      goawayCodes: {},
      refusedStreams: 0,
      remoteMaxConcurrentStreams: null,
    },
    latencyMs: { min: 10, mean: 11, stdev: 1, p50: 11, p90: 12, p99: 13, p999: 14, max: 14 },
    coldLatencyMs: { min: 10, mean: 11, stdev: 1, p50: 11, p90: 12, p99: 13, p999: 14, max: 14 },
    coldRoundMs: 14,
    throughputRps: 900,
    rounds: { samples: 4, warmupRounds: 0, meanMs: 12, rmePercent: 1 },
    durationMs: 60,
    verdicts: [],
  };
}

/** A copy of the base case with `connections` fields replaced. */
export function withConnections(patch: Partial<CaseResult['connections']>, rest: Partial<CaseResult> = {}): CaseResult {
  const b = base();
  return { ...b, ...rest, connections: { ...b.connections, ...patch } };
}

export const ONE: StrategyInfo = { id: 'x', label: 'x', library: 'node:http2', intent: 'one-connection' };
export const POOL: StrategyInfo = { ...ONE, intent: 'pool' };
export const PER_REQUEST: StrategyInfo = { ...ONE, intent: 'connection-per-request' };

export function verdictOf(result: CaseResult, rule: string, strategy: StrategyInfo = ONE, speaksH2: boolean | null = true): Verdict {
  const v = diagnose({ result, strategy, target: { speaksH2 } }).find((x) => x.rule === rule);
  if (!v) throw new Error(`no verdict for ${rule}`);
  return v;
}
