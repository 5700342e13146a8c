/**
 * The cost metrics of one case (docs/costs.md): what its connections cost in round trips,
 * server CPU in handshakes and memory at peak. Part of the one metric registry
 * (report/metrics.ts: the CSV, github-benchmark and Bencher exports, --threshold) and of
 * the comparison's cost rows (compare/cost-rows.ts), so a name means the same number in both.
 */
import type { CaseResult, CostCalibration, Results } from '../results.js';
import { clientMemoryGrowth, handshakeCpuMs, roundTrips, scenarioRttMs } from './summary.js';

/** What a cost metric needs from the run besides the case. */
export interface MetricContext {
  costs?: CostCalibration;
  /** The round trip the case's scenario ran at (its own, e.g. seed-rtt20, or the run's --rtt); undefined = loopback. */
  rttMs?: number;
}

/** The context of the cases of one scenario of `results`; empty without results. */
export function metricContext(results: Pick<Results, 'target' | 'scenarios'> | undefined, scenario: string): MetricContext {
  if (!results) return {};
  const rttMs = scenarioRttMs(results, scenario);
  return { ...(results.target.costs ? { costs: results.target.costs } : {}), ...(rttMs !== undefined ? { rttMs } : {}) };
}

/** The shape of report/metrics.ts's Metric (kept here so that compare/ can read the cost metrics without importing report/). */
export interface CostMetric {
  id: string;
  unit: string;
  better: 'smaller';
  fold: 'mean' | 'max';
  description: string;
  /** null when the case did not record what the figure needs (no calibration, no round trip, no memory readings). */
  of: (run: CaseResult, ctx: MetricContext) => number | null;
}

export const COST_METRICS: readonly CostMetric[] = [
  { id: 'handshake.round-trips', unit: 'round trips', better: 'smaller', fold: 'max', description: 'round trips spent setting up connections over the case: 2 per TLS connection (TCP + TLS 1.3), 1 per cleartext one', of: (r) => roundTrips(r.connections) },
  { id: 'handshake.round-trips.cold', unit: 'round trips', better: 'smaller', fold: 'max', description: 'the same for the connections of the cold first round', of: (r) => roundTrips(r.connections.cold) },
  { id: 'handshake.ms.cold', unit: 'ms', better: 'smaller', fold: 'max', description: "the cold round's handshake round trips × the scenario's round trip (--rtt, or its own as seed-rtt20's); none on loopback", of: (r, c) => (c.rttMs !== undefined ? roundTrips(r.connections.cold) * c.rttMs : null) },
  { id: 'server.cpu.handshakes', unit: 'ms', better: 'smaller', fold: 'max', description: "server CPU in the case's TLS handshakes: full and resumed handshakes × the calibrated cost of each (target.costs)", of: (r, c) => handshakeCpuMs(r, c.costs) },
  { id: 'server.rss.peak', unit: 'bytes', better: 'smaller', fold: 'mean', description: "server RSS at the case's peak over its RSS before the case", of: (r) => (r.serverMemory ? Math.max(0, r.serverMemory.rssPeakBytes - r.serverMemory.rssBeforeBytes) : null) },
  { id: 'client.rss.peak', unit: 'bytes', better: 'smaller', fold: 'mean', description: "the client worker's RSS at the case's peak over its RSS before the first request", of: (r) => clientMemoryGrowth(r)?.rss ?? null },
  { id: 'client.heap.peak', unit: 'bytes', better: 'smaller', fold: 'mean', description: "the client worker's V8 heap used at the case's peak over before the first request", of: (r) => clientMemoryGrowth(r)?.heap ?? null },
  { id: 'client.rss.per-connection', unit: 'bytes', better: 'smaller', fold: 'mean', description: "client.rss.peak per connection the server accepted", of: (r) => clientMemoryGrowth(r)?.rssPerConnection ?? null },
  { id: 'client.heap.per-connection', unit: 'bytes', better: 'smaller', fold: 'mean', description: 'client.heap.peak per connection the server accepted', of: (r) => clientMemoryGrowth(r)?.heapPerConnection ?? null },
];

/** The cost metrics' ids, in registry order. */
export const COST_METRIC_IDS: readonly string[] = COST_METRICS.map((m) => m.id);
