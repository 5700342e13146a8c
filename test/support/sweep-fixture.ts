/**
 * A fixed results object with the concurrency sweep, an open-loop case and a skipped
 * sweep case, for the sweep and HTML writer tests. Built on fixture.ts; the numbers are
 * plausible, not measured.
 */
import type { CaseResult, Results, ScenarioInfo } from '../../src/results.js';
import { aggregate } from '../../src/stats/aggregate.js';
import { fixtureResults, latency } from './report-fixture.js';

const SWEEP_C = [1, 10, 100, 1000];

function sweepScenario(c: number): ScenarioInfo {
  return {
    id: `sweep-c${c}`,
    description: `concurrency sweep: ${c} concurrent pings, 10 ms server delay`,
    concurrency: c,
    delaysMs: [10],
    rounds: { warmup: 1, min: 5, maxTimeMs: 500 },
    group: 'sweep',
  };
}

export function sweepFixtureResults(): Results {
  const base = fixtureResults();
  const template = base.runs.find((r) => r.scenario === 'burst' && r.strategy === 'http2-single-session');
  if (!template) throw new Error('fixture: no burst template run');
  const runs: CaseResult[] = [];
  const strategies = ['http2-single-session', 'undici-h2', 'http2-session-per-request'];
  for (const c of SWEEP_C) {
    for (const [si, strategy] of strategies.entries()) {
      const run: CaseResult = structuredClone(template);
      run.scenario = `sweep-c${c}`;
      run.strategy = strategy;
      run.repetition = 0;
      run.concurrency = c;
      run.verdicts = [];
      run.requests = { total: c * 6, ok: c * 6, failed: 0, errors: {} };
      if (strategy === 'http2-session-per-request' && c === 1000) {
        run.status = 'skipped';
        run.skipReason = 'sweep caps connection-per-request strategies at C = 300';
        runs.push(run);
        continue;
      }
      const conns = strategy === 'http2-single-session' ? 1 : c;
      const warm = strategy === 'http2-session-per-request' ? c * 5 : 0;
      run.connections.cold = { opened: conns, tlsFull: conns, tlsResumed: 0, alpn: { h2: conns } };
      run.connections.warm = { opened: warm, tlsFull: 0, tlsResumed: warm, alpn: warm ? { h2: warm } : {} };
      run.connections.opened = conns + warm;
      run.connections.tlsFull = conns;
      run.connections.tlsResumed = warm;
      run.connections.alpn = { h2: conns + warm };
      // The whole summary, not three fields over the template's: percentiles stay in order.
      run.latencyMs = latency(10.5 + c * 0.01 * (si + 1), 12 + c * 0.05 * (si + 1), 14 + c * 0.06 * (si + 1));
      run.throughputRps = Math.round((c * 1000) / (10.5 + c * 0.01 * (si + 1)));
      runs.push(run);
    }
  }
  const open: CaseResult = structuredClone(template);
  open.scenario = 'burst';
  open.repetition = 2;
  open.openLoop = {
    rateRps: 2000,
    durationMs: 5000,
    maxInFlight: 100,
    maxBacklog: 2000,
    scheduled: 10000,
    sent: 9800,
    late: 1200,
    lateThresholdMs: 1,
    dropped: 200,
    maxLagMs: 310.5,
    correctedLatencyMs: latency(18.2, 320.4, 341.7),
    uncorrectedLatencyMs: latency(14.1, 24.9, 27.3),
  };
  const allRuns = [...base.runs, open, ...runs];
  return {
    ...base,
    options: { ...base.options, scenarios: [...base.options.scenarios, ...SWEEP_C.map((c) => `sweep-c${c}`)] },
    strategies: [
      ...base.strategies,
      { id: 'http2-session-per-request', label: 'node:http2 - a session per request', library: 'node:http2', intent: 'connection-per-request' },
    ],
    scenarios: [...base.scenarios, ...SWEEP_C.map(sweepScenario)],
    runs: allRuns,
    aggregates: aggregate(allRuns),
    load: { kind: 'open-loop', rateRps: 2000, durationMs: 5000 },
  };
}

/** The charts the HTML report draws for sweepFixtureResults(), in page order. */
export const SWEEP_FIXTURE_CHARTS: readonly string[] = [
  'latency-seed',
  'connections-seed',
  'latency-burst',
  'connections-burst',
  'sweep-connections',
  'sweep-handshakes',
  'sweep-p99',
  'sweep-throughput',
  'open-loop-latency',
];
