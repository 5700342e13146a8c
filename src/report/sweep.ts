/**
 * The concurrency sweep seen across its scenarios: for each strategy, one value per C.
 * Shared by the Markdown, terminal and HTML writers.
 */
import type { Aggregate, Results, ScenarioInfo } from '../results.js';
import { fmtCount, fmtMeanSpread, fmtMs, fmtRange, fmtRate } from './format.js';

export const SWEEP = 'sweep';

export interface SweepView {
  /** The sweep's scenarios in this results file, by rising concurrency. */
  scenarios: ScenarioInfo[];
  strategies: string[];
  /** The aggregate of (strategy, scenario), undefined when not measured. */
  at(strategy: string, scenarioId: string): Aggregate | undefined;
  /** Why a (strategy, scenario) was skipped, when it was. */
  skipReason(strategy: string, scenarioId: string): string | undefined;
}

export function sweepView(results: Results): SweepView | undefined {
  const scenarios = results.scenarios.filter((s) => s.group === SWEEP).sort((a, b) => a.concurrency - b.concurrency);
  if (scenarios.length === 0) return undefined;
  const ids = new Set(scenarios.map((s) => s.id));
  const strategies = [...new Set(results.runs.filter((r) => ids.has(r.scenario)).map((r) => r.strategy))];
  return {
    scenarios,
    strategies,
    at: (strategy, scenarioId) =>
      results.aggregates.find((a) => a.strategy === strategy && a.scenario === scenarioId && a.repetitions > 0),
    skipReason: (strategy, scenarioId) =>
      results.runs.find((r) => r.strategy === strategy && r.scenario === scenarioId && r.status === 'skipped')?.skipReason,
  };
}

export interface SweepMetric {
  id: 'connections' | 'handshakes' | 'p99' | 'throughput';
  title: string;
  /** Short axis label with the unit. */
  axis: string;
  /** The value to plot (mean over repetitions). */
  value(agg: Aggregate): number;
  /** The value as a table cell (range or mean ± stdev over repetitions). */
  cell(agg: Aggregate): string;
  logScale: boolean;
}

const spread = (v: { mean: number; stdev: number }, n: number, fmt: (x: number) => string): string =>
  n > 1 ? fmtMeanSpread(v.mean, v.stdev, fmt) : fmt(v.mean);

export const SWEEP_METRICS: readonly SweepMetric[] = [
  {
    id: 'connections',
    title: 'TCP connections opened, all rounds',
    axis: 'connections',
    value: (a) => a.connections.cold.mean + a.connections.warm.mean,
    cell: (a) => {
      const c = a.connections;
      return c.warm.max === 0 ? fmtRange(c.cold.min, c.cold.max) : `${fmtRange(c.cold.min, c.cold.max)} + ${fmtRange(c.warm.min, c.warm.max)}`;
    },
    logScale: true,
  },
  {
    id: 'handshakes',
    title: 'TLS handshakes (full + resumed), all rounds',
    axis: 'TLS handshakes',
    value: (a) => a.connections.tlsFull.mean + a.connections.tlsResumed.mean,
    cell: (a) => {
      const { tlsFull, tlsResumed } = a.connections;
      return tlsResumed.max === 0 ? fmtRange(tlsFull.min, tlsFull.max) : `${fmtRange(tlsFull.min, tlsFull.max)} + ${fmtRange(tlsResumed.min, tlsResumed.max)} resumed`;
    },
    logScale: true,
  },
  { id: 'p99', title: 'p99 latency [ms]', axis: 'p99 [ms]', value: (a) => a.latencyMs.p99.mean, cell: (a) => spread(a.latencyMs.p99, a.repetitions, fmtMs), logScale: true },
  {
    id: 'throughput',
    title: 'throughput [req/s]',
    axis: 'throughput [req/s]',
    value: (a) => a.throughputRps.mean,
    cell: (a) => spread(a.throughputRps, a.repetitions, fmtRate),
    logScale: true,
  },
];

/** For each metric: a header row (C values) and one row per strategy; '–' not measured, 'skipped' with a reason below. */
export function sweepTables(view: SweepView): Array<{ metric: SweepMetric; head: string[]; rows: string[][] }> {
  return SWEEP_METRICS.map((metric) => ({
    metric,
    head: ['strategy', ...view.scenarios.map((s) => `C=${fmtCount(s.concurrency)}`)],
    rows: view.strategies.map((strategy) => [
      strategy,
      ...view.scenarios.map((s) => {
        const agg = view.at(strategy, s.id);
        if (agg) return metric.cell(agg);
        return view.skipReason(strategy, s.id) !== undefined ? 'skipped' : '–';
      }),
    ]),
  }));
}

/** Each distinct skip reason once, naming the cases it applies to. */
export function sweepSkips(view: SweepView): string[] {
  const byReason = new Map<string, string[]>();
  for (const strategy of view.strategies) {
    for (const s of view.scenarios) {
      const reason = view.skipReason(strategy, s.id);
      if (reason === undefined) continue;
      const list = byReason.get(reason) ?? [];
      list.push(`${strategy} at C=${s.concurrency}`);
      byReason.set(reason, list);
    }
  }
  return [...byReason].map(([reason, cases]) => `${cases.join(', ')} skipped: ${reason}`);
}
