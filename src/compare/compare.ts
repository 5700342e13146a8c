/**
 * Baseline → new, per (scenario, strategy): ratios of p50, p99 and throughput with the
 * uncertainty propagated from the spread across repetitions, Welch's t-test across the
 * repetitions' values (not across samples: repetitions are the independent units, each in
 * its own process), and every change in connection or handshake counts.
 */
import type { Aggregate, CaseResult, Environment, Results, ScenarioInfo } from '../results.js';
import { meanStdev, ratioWithUncertainty } from '../stats/summary.js';
import { welchTTest } from '../stats/welch.js';
import { fmtRange, protocolLabel } from '../report/format.js';
import type { CaseComparison, Comparison, CountChange, MetricChange, MetricId } from './types.js';

export const DEFAULT_ALPHA = 0.05;

export interface CompareOptions {
  alpha?: number;
  baseLabel?: string;
  nextLabel?: string;
}

const METRICS: ReadonlyArray<{ id: MetricId; pick: (run: CaseResult) => number; higherIsBetter: boolean }> = [
  { id: 'p50', pick: (r) => r.latencyMs.p50, higherIsBetter: false },
  { id: 'p99', pick: (r) => r.latencyMs.p99, higherIsBetter: false },
  { id: 'throughput', pick: (r) => r.throughputRps, higherIsBetter: true },
];

export function compareResults(base: Results, next: Results, options: CompareOptions = {}): Comparison {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const keys = new Map<string, { scenario: string; strategy: string }>();
  for (const agg of [...base.aggregates, ...next.aggregates]) {
    keys.set(JSON.stringify([agg.scenario, agg.strategy]), { scenario: agg.scenario, strategy: agg.strategy });
  }
  const cases = [...keys.values()].map(({ scenario, strategy }) => compareCase(base, next, scenario, strategy, alpha));
  return {
    base: { label: options.baseLabel ?? 'baseline', startedAt: base.startedAt, command: base.command },
    next: { label: options.nextLabel ?? 'new', startedAt: next.startedAt, command: next.command },
    alpha,
    environmentDifferences: environmentDifferences(base.environment, next.environment),
    setupDifferences: setupDifferences(base.scenarios, next.scenarios),
    cases,
  };
}

function compareCase(base: Results, next: Results, scenario: string, strategy: string, alpha: number): CaseComparison {
  const find = (r: Results): Aggregate | undefined => r.aggregates.find((a) => a.scenario === scenario && a.strategy === strategy);
  const okRuns = (r: Results): CaseResult[] =>
    r.runs.filter((run) => run.scenario === scenario && run.strategy === strategy && run.status === 'ok');
  const a = find(base);
  const b = find(next);
  const empty = { scenario, strategy, metrics: [], counts: [] };
  if (!a) return { ...empty, status: 'only-in-new' };
  if (!b) return { ...empty, status: 'only-in-base' };
  const runsA = okRuns(base);
  const runsB = okRuns(next);
  if (runsA.length === 0 || runsB.length === 0) return { ...empty, status: 'not-measured' };
  const metrics = METRICS.map((m) => metricChange(m, runsA.map(m.pick), runsB.map(m.pick), alpha));
  return { scenario, strategy, status: 'compared', metrics, counts: countChanges(a, b) };
}

function metricChange(
  metric: (typeof METRICS)[number],
  baseValues: number[],
  nextValues: number[],
  alpha: number,
): MetricChange {
  const a = meanStdev(baseValues);
  const b = meanStdev(nextValues);
  // Speed: for latency, base/new (lower latency = faster); for throughput, new/base.
  const speed = metric.higherIsBetter ? ratioWithUncertainty(b, a) : ratioWithUncertainty(a, b);
  const slowdown = speed.ratio > 0 && Number.isFinite(speed.ratio) ? 1 / speed.ratio - 1 : NaN;
  const { p } = welchTTest(baseValues, nextValues);
  const verdict: MetricChange['verdict'] = Number.isNaN(p)
    ? 'untested'
    : p >= alpha || slowdown === 0
      ? 'no significant change'
      : slowdown > 0
        ? 'regression'
        : 'improvement';
  return {
    metric: metric.id,
    base: { ...a, n: baseValues.length },
    next: { ...b, n: nextValues.length },
    speed,
    slowdown,
    pValue: p,
    verdict,
  };
}

function countChanges(a: Aggregate, b: Aggregate): CountChange[] {
  const changes: CountChange[] = [];
  const range = (r: { min: number; max: number }): string => fmtRange(r.min, r.max);
  const pairs: Array<[string, { min: number; max: number }, { min: number; max: number }]> = [
    ['connections (cold round)', a.connections.cold, b.connections.cold],
    ['connections (warm rounds)', a.connections.warm, b.connections.warm],
    ['full TLS handshakes', a.connections.tlsFull, b.connections.tlsFull],
    ['resumed TLS handshakes', a.connections.tlsResumed, b.connections.tlsResumed],
  ];
  for (const [what, x, y] of pairs) {
    if (x.min !== y.min || x.max !== y.max) changes.push({ what, base: range(x), next: range(y) });
  }
  const peakA = a.connections.maxConcurrentStreams;
  const peakB = b.connections.maxConcurrentStreams;
  if (peakA !== peakB) changes.push({ what: 'peak streams per connection', base: String(peakA), next: String(peakB) });
  if (a.connections.protocol !== b.connections.protocol) {
    changes.push({ what: 'protocol', base: protocolLabel(a.connections.protocol), next: protocolLabel(b.connections.protocol) });
  }
  if ((a.requests.failed === 0) !== (b.requests.failed === 0)) {
    changes.push({ what: 'failed requests', base: String(a.requests.failed), next: String(b.requests.failed) });
  }
  return changes;
}

/** Every environment field that differs, named, so a reader knows why numbers may move. */
export function environmentDifferences(a: Environment, b: Environment): string[] {
  const out: string[] = [];
  const field = (name: string, x: string | number, y: string | number): void => {
    if (x !== y) out.push(`${name} ${x} → ${y}`);
  };
  field('node', a.node, b.node);
  field('openssl', a.openssl, b.openssl);
  field('nghttp2', a.nghttp2, b.nghttp2);
  field('os', a.os, b.os);
  field('cpu count', a.cpus, b.cpus);
  field('cpu model', a.cpuModel, b.cpuModel);
  const deps = [...new Set([...Object.keys(a.dependencies), ...Object.keys(b.dependencies)])];
  for (const dep of deps) field(dep, a.dependencies[dep] ?? 'absent', b.dependencies[dep] ?? 'absent');
  return out;
}

function setupDifferences(a: readonly ScenarioInfo[], b: readonly ScenarioInfo[]): string[] {
  const out: string[] = [];
  for (const sa of a) {
    const sb = b.find((s) => s.id === sa.id);
    if (!sb) continue;
    if (sa.concurrency !== sb.concurrency) out.push(`${sa.id}: concurrency ${sa.concurrency} → ${sb.concurrency}`);
    if (sa.delaysMs.join('/') !== sb.delaysMs.join('/')) out.push(`${sa.id}: server delays differ`);
    // Files from before the sustained shape have no `shape`: they used rounds.
    if ((sa.shape ?? 'rounds') !== (sb.shape ?? 'rounds')) out.push(`${sa.id}: shape ${sa.shape ?? 'rounds'} → ${sb.shape ?? 'rounds'}`);
    const ra = sa.rounds;
    const rb = sb.rounds;
    if (ra.warmup !== rb.warmup || ra.min !== rb.min || ra.maxTimeMs !== rb.maxTimeMs) {
      out.push(`${sa.id}: rounds ${ra.warmup}+${ra.min}/${ra.maxTimeMs} ms → ${rb.warmup}+${rb.min}/${rb.maxTimeMs} ms (warm-up+min/time budget; --quick differs?)`);
    }
  }
  return out;
}

/** The regressions that fail a gate: significant, and slower by more than `threshold` (0.05 = 5 %). */
export function gateFailures(comparison: Comparison, threshold: number): Array<{ scenario: string; strategy: string; change: MetricChange }> {
  const out: Array<{ scenario: string; strategy: string; change: MetricChange }> = [];
  for (const c of comparison.cases) {
    for (const m of c.metrics) {
      if (m.verdict === 'regression' && m.slowdown > threshold) out.push({ scenario: c.scenario, strategy: c.strategy, change: m });
    }
  }
  return out;
}
