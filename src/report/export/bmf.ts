/**
 * Bencher Metric Format: `{ "<benchmark>": { "<measure>": { value, lower_value,
 * upper_value } } }`, one benchmark per scenario/strategy. Bencher's built-in `latency`
 * measure is in nanoseconds and `throughput` in operations per second, so p50 goes to
 * `latency` in ns and the throughput as is; the other metrics become measures named
 * after them (Bencher creates a measure the first time it sees a slug). value: the mean
 * over repetitions; lower/upper: the lowest and highest repetition. Bencher's measures
 * carry their own direction, so both directions share one file.
 */
import type { Results } from '../../results.js';
import { COST_METRIC_IDS, METRICS, aggregateName, foldRuns, runsOf } from '../metrics.js';

export interface BmfMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

export type Bmf = Record<string, Record<string, BmfMetric>>;

/** metric id → measure slug, and the factor to its unit. */
const MEASURES: ReadonlyArray<{ metric: string; measure: string; scale: number }> = [
  { metric: 'p50', measure: 'latency', scale: 1e6 },
  { metric: 'p99', measure: 'latency-p99', scale: 1e6 },
  { metric: 'throughput', measure: 'throughput', scale: 1 },
  { metric: 'cpu.client', measure: 'cpu-client-us-per-request', scale: 1 },
  { metric: 'cpu.server', measure: 'cpu-server-us-per-request', scale: 1 },
  { metric: 'conns.cold', measure: 'connections-cold', scale: 1 },
  { metric: 'conns.warm', measure: 'connections-warm', scale: 1 },
  { metric: 'tls.full', measure: 'tls-full-handshakes', scale: 1 },
  { metric: 'tls.resumed', measure: 'tls-resumed-handshakes', scale: 1 },
  { metric: 'errors', measure: 'failed-requests', scale: 1 },
  // Costs (docs/costs.md): measure slugs are the metric ids with dots as dashes.
  ...COST_METRIC_IDS.map((metric) => ({ metric, measure: metric.replaceAll('.', '-'), scale: 1 })),
];

export function bmfOf(results: Results): Bmf {
  const out: Bmf = {};
  for (const agg of results.aggregates) {
    if (agg.repetitions === 0) continue;
    const runs = runsOf(results.runs, agg.scenario, agg.strategy, agg.runtime);
    const measures: Record<string, BmfMetric> = {};
    for (const { metric: id, measure, scale } of MEASURES) {
      const metric = METRICS.find((m) => m.id === id);
      if (!metric) continue;
      const f = foldRuns(metric, runs, results);
      if (f.value === null) continue;
      measures[measure] = { value: f.mean * scale, lower_value: f.min * scale, upper_value: f.max * scale };
    }
    out[aggregateName(results, agg)] = measures;
  }
  return out;
}

export const renderBmf = (results: Results): string => `${JSON.stringify(bmfOf(results), null, 2)}\n`;
