/**
 * The named metrics of one case, with their units: one registry for the CSV export, the
 * github-benchmark and Bencher exports and the `--threshold` expressions, so a name
 * means the same number everywhere (docs/exports.md lists them).
 */
import type { Aggregate, CaseResult, Results } from '../results.js';
import { COST_METRICS, metricContext, type MetricContext } from '../costs/metrics.js';

export { COST_METRIC_IDS, metricContext, type MetricContext } from '../costs/metrics.js';
import { meanStdev, minMax } from '../stats/summary.js';

/**
 * How the repetitions of a (scenario, strategy) fold into the one value a threshold
 * checks: the mean for latency percentiles and throughput (the table's number), the
 * highest repetition for counts and max (one bad repetition is a bad client), the sum
 * for failed requests.
 */
export type Fold = 'mean' | 'max' | 'sum';

export interface Metric {
  /** The name used in --threshold, the CSV `metric` column and export names. */
  id: string;
  unit: string;
  /** Which direction is better; `neither` metrics are exported to CSV only. */
  better: 'smaller' | 'bigger' | 'neither';
  fold: Fold;
  description: string;
  /**
   * The value of one measured case (status 'ok'); null when the case did not record it (CPU in older files, a server not ours).
   * `ctx`: what the run knew beyond the case (its calibration, the scenario's round trip), for the cost metrics.
   */
  of: (run: CaseResult, ctx: MetricContext) => number | null;
  /** Counted even for cases that could not run (requests and their errors are never lost). */
  countsFailedCases?: boolean;
}

export const METRICS: readonly Metric[] = [
  { id: 'p50', unit: 'ms', better: 'smaller', fold: 'mean', description: 'median request latency over the warm rounds', of: (r) => r.latencyMs.p50 },
  { id: 'p90', unit: 'ms', better: 'smaller', fold: 'mean', description: '90th percentile latency over the warm rounds', of: (r) => r.latencyMs.p90 },
  { id: 'p99', unit: 'ms', better: 'smaller', fold: 'mean', description: '99th percentile latency over the warm rounds', of: (r) => r.latencyMs.p99 },
  { id: 'p999', unit: 'ms', better: 'smaller', fold: 'mean', description: '99.9th percentile latency over the warm rounds', of: (r) => r.latencyMs.p999 },
  { id: 'max', unit: 'ms', better: 'smaller', fold: 'max', description: 'slowest request of the warm rounds', of: (r) => r.latencyMs.max },
  { id: 'cold.p99', unit: 'ms', better: 'smaller', fold: 'mean', description: '99th percentile latency of the cold first round', of: (r) => r.coldLatencyMs.p99 },
  { id: 'throughput', unit: 'req/s', better: 'bigger', fold: 'mean', description: 'successful requests per second over the warm rounds', of: (r) => r.throughputRps },
  { id: 'cpu.client', unit: 'µs/request', better: 'smaller', fold: 'mean', description: "client worker's user + system CPU per request over the measured window", of: (r) => r.cpu?.client?.usPerRequest ?? null },
  { id: 'cpu.server', unit: 'µs/request', better: 'smaller', fold: 'mean', description: 'CPU per request of the server muxbench started (ping server process; nginx workers), whole case', of: (r) => r.cpu?.server?.usPerRequest ?? null },
  { id: 'conns', unit: 'connections', better: 'smaller', fold: 'max', description: 'TCP connections opened in the whole case (cold + warm)', of: (r) => r.connections.opened },
  { id: 'conns.cold', unit: 'connections', better: 'smaller', fold: 'max', description: 'TCP connections opened on the cold first round', of: (r) => r.connections.cold.opened },
  { id: 'conns.warm', unit: 'connections', better: 'smaller', fold: 'max', description: 'TCP connections opened on the warm rounds (a multiplexing client opens 0)', of: (r) => r.connections.warm.opened },
  { id: 'conns.unused', unit: 'connections', better: 'smaller', fold: 'max', description: 'connections that carried no request', of: (r) => r.connections.unused },
  { id: 'tls.full', unit: 'handshakes', better: 'smaller', fold: 'max', description: 'full TLS handshakes (a key exchange each)', of: (r) => r.connections.tlsFull },
  { id: 'tls.resumed', unit: 'handshakes', better: 'smaller', fold: 'max', description: 'resumed TLS handshakes (session ticket)', of: (r) => r.connections.tlsResumed },
  { id: 'streams.peak', unit: 'streams', better: 'neither', fold: 'max', description: 'most requests in flight at once on one connection', of: (r) => r.connections.maxConcurrentStreams },
  { id: 'requests', unit: 'requests', better: 'neither', fold: 'sum', description: 'requests sent', of: (r) => r.requests.total, countsFailedCases: true },
  { id: 'errors', unit: 'requests', better: 'smaller', fold: 'sum', description: 'failed requests', of: (r) => r.requests.failed, countsFailedCases: true },
  ...COST_METRICS,
];


export function findMetric(id: string): Metric | undefined {
  return METRICS.find((m) => m.id === id);
}

/** The value of `metric` for one case, or null when the case measured nothing it could report. */
export function caseValue(metric: Metric, run: CaseResult, results?: Pick<Results, 'target' | 'scenarios'>): number | null {
  return run.status === 'ok' || metric.countsFailedCases ? metric.of(run, metricContext(results, run.scenario)) : null;
}

export interface Folded {
  /** The fold of the metric over the repetitions; null when none measured. */
  value: number | null;
  mean: number;
  stdev: number;
  min: number;
  max: number;
  /** Repetitions that contributed. */
  n: number;
}

/** Folds a metric over the runs of one (scenario, strategy). */
export function foldRuns(metric: Metric, runs: readonly CaseResult[], results?: Pick<Results, 'target' | 'scenarios'>): Folded {
  const values = runs.map((r) => caseValue(metric, r, results)).filter((v): v is number => v !== null);
  const { mean, stdev } = meanStdev(values);
  const { min, max } = minMax(values);
  if (values.length === 0) return { value: null, mean, stdev, min, max, n: 0 };
  const value = metric.fold === 'mean' ? mean : metric.fold === 'max' ? max : values.reduce((s, v) => s + v, 0);
  return { value, mean, stdev, min, max, n: values.length };
}

/** The fold in words, for messages: "mean of 3 repetitions". */
export function foldWords(metric: Metric, n: number): string {
  const reps = `${n} repetition${n === 1 ? '' : 's'}`;
  switch (metric.fold) {
    case 'mean':
      return `mean of ${reps}`;
    case 'max':
      return `highest of ${reps}`;
    case 'sum':
      return `sum over ${reps}`;
  }
}

/**
 * The runs of one (scenario, strategy) in repetition order; of one runtime variant when
 * `runtime` is given (an aggregate's `runtime`): a matrix run holds node20's and node26's
 * repetitions of the same strategy, and folding them together would average two runtimes.
 */
export function runsOf(runs: readonly CaseResult[], scenario: string, strategy: string, runtime?: string): CaseResult[] {
  return runs.filter((r) => r.scenario === scenario && r.strategy === strategy && (runtime === undefined || r.runtime?.id === runtime));
}

/**
 * The name of an aggregate in exports: `scenario/strategy`, plus `@variant` when the run
 * measured more than one runtime variant (so a single-variant run keeps the names a
 * dashboard already tracks).
 */
export function aggregateName(results: Pick<Results, 'variants'>, agg: Pick<Aggregate, 'scenario' | 'strategy' | 'runtime'>): string {
  const base = `${agg.scenario}/${agg.strategy}`;
  return (results.variants?.length ?? 0) > 1 && agg.runtime !== undefined ? `${base}@${agg.runtime}` : base;
}
