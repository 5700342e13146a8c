/**
 * github-action-benchmark's custom formats: a JSON array of `{ name, unit, value,
 * range, extra }`, one file per direction because the action reads one `tool` per
 * step: `customSmallerIsBetter` (latency, connections, handshakes, failed requests) and
 * `customBiggerIsBetter` (throughput). `--export-github-benchmark F` writes the first to
 * F and the second beside it with `-bigger` before the extension (docs/exports.md).
 * Value: the mean over the measured repetitions; range: "± stdev" of that mean for
 * latency and throughput, "min–max" over repetitions for counts.
 */
import { NATIVE_RUNTIME_ID, type Results } from '../../results.js';
import { measuredRuntimes, runtimeOf, runtimeText } from '../runtimes.js';
import { COST_METRIC_IDS, METRICS, aggregateName, foldRuns, runsOf, type Metric } from '../metrics.js';
import { definedOnly } from '../../defined.js';

export interface BenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/** Exported per direction; percentiles beyond p99, unused connections and stream peaks stay in the CSV. */
const SMALLER = ['p50', 'p99', 'cpu.client', 'cpu.server', 'conns.cold', 'conns.warm', 'tls.full', 'tls.resumed', 'errors', ...COST_METRIC_IDS];
const BIGGER = ['throughput'];

export type Direction = 'smaller' | 'bigger';

/** bench.json → bench-bigger.json; a name without extension gets "-bigger" appended. */
export function biggerFile(file: string): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(file);
  return `${m?.[1] ?? file}-bigger${m?.[2] ?? ''}`;
}

export function benchmarkEntries(results: Results, direction: Direction): BenchmarkEntry[] {
  const ids = direction === 'smaller' ? SMALLER : BIGGER;
  const metrics = ids.map((id) => METRICS.find((m) => m.id === id)).filter((m): m is Metric => m !== undefined);
  const runtimes = measuredRuntimes(results);
  const machine = `${results.environment.cpus} × ${results.environment.cpuModel}`;
  // The runtime the row was measured on (not muxbench's own Node: a default run measures Node 26 from Node 20).
  const on = (runtime: string | undefined): string => {
    const rt = runtimeOf(results, runtime, runtimes);
    return rt !== undefined ? `${runtimeText(rt)}; ${machine}` : runtime === NATIVE_RUNTIME_ID ? `native (no Node); ${machine}` : machine;
  };
  const out: BenchmarkEntry[] = [];
  for (const agg of results.aggregates) {
    if (agg.repetitions === 0) continue;
    const runs = runsOf(results.runs, agg.scenario, agg.strategy, agg.runtime);
    for (const metric of metrics) {
      const f = foldRuns(metric, runs, results);
      if (f.value === null) continue;
      // One repetition has no spread, and equal counts have no range: leave `range` out rather than claim "± 0".
      const range = f.n < 2 ? undefined : metric.fold === 'mean' ? `± ${round(f.stdev)}` : f.min === f.max ? undefined : `${round(f.min)}–${round(f.max)}`;
      out.push({
        name: `${aggregateName(results, agg)} ${metric.id}`,
        unit: metric.unit,
        value: round(f.mean),
        ...definedOnly({ range }),
        extra: `${metric.description}; mean of ${f.n} repetition${f.n === 1 ? '' : 's'}; ${on(agg.runtime)}`,
      });
    }
  }
  return out;
}

/** Six significant digits: the histogram resolves three, the rest is noise in a chart. */
const round = (x: number): number => Number(x.toPrecision(6));

export const renderGithubBenchmark = (direction: Direction) => (results: Results): string =>
  `${JSON.stringify(benchmarkEntries(results, direction), null, 2)}\n`;
