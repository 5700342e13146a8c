/**
 * Baseline → new, per (scenario, strategy): for p50, p99 and throughput the 95 %
 * confidence interval of the slowdown across repetitions (repetitions are the independent
 * units, each in its own process), a regression decision against a threshold corrected
 * for the number of rows (Holm–Bonferroni), and every change in connection or handshake
 * counts, deterministic counts exactly and racy ones as ranges.
 */
import type { CaseResult, Environment, Results, ScenarioInfo } from '../results.js';
import { holmAdjust } from '../stats/holm.js';
import { logInterval, pAbove, pairedLogRatio, repetitionsToDecide, tQuantile, welchLogRatio, type LogEstimate } from '../stats/interval.js';
import { meanStdev, minMax, ratioWithUncertainty } from '../stats/summary.js';
import { dominantProtocol } from '../stats/aggregate.js';
import { fmtRange, protocolLabel } from '../report/format.js';
import type { CaseComparison, Comparison, CountChange, MetricChange, MetricId } from './types.js';
import { isGated, type GateRow } from '../gate-rows.js';
import { holmTails } from '../stats/holm.js';
import { networkDifferences } from './network.js';

/** Family-wise error of the regression decisions: one-sided, the slow tail of 95 % intervals. */
export const DEFAULT_ALPHA = 0.025;
/** The threshold the verdicts use when no gate is set. */
export const DEFAULT_THRESHOLD = 0.05;
const LEVEL = 0.95;

export interface CompareOptions {
  alpha?: number;
  /** The rows the gate guards (src/gate-rows.ts); undefined or empty = every latency and throughput row. */
  gate?: readonly GateRow[];
  /** Slowdown that counts as a regression (0.05 = 5 %). */
  threshold?: number;
  baseLabel?: string;
  nextLabel?: string;
}

/** `pick` is undefined for a run that did not record the metric (CPU in older files): such a metric has no row. */
const METRICS: ReadonlyArray<{ id: MetricId; pick: (run: CaseResult) => number | undefined; higherIsBetter: boolean }> = [
  { id: 'p50', pick: (r) => r.latencyMs.p50, higherIsBetter: false },
  { id: 'p99', pick: (r) => r.latencyMs.p99, higherIsBetter: false },
  { id: 'throughput', pick: (r) => r.throughputRps, higherIsBetter: true },
  { id: 'cpu.client', pick: (r) => r.cpu?.client?.usPerRequest, higherIsBetter: false },
  { id: 'cpu.server', pick: (r) => r.cpu?.server?.usPerRequest, higherIsBetter: false },
];

/** A metric row before the decision: its estimate on the log scale, positive = slower. */
interface Pending {
  change: MetricChange;
  estimate: LogEstimate | undefined;
}

export function compareResults(base: Results, next: Results, options: CompareOptions = {}): Comparison {
  const keys = new Map<string, { scenario: string; strategy: string }>();
  for (const agg of [...base.aggregates, ...next.aggregates]) {
    keys.set(JSON.stringify([agg.scenario, agg.strategy]), { scenario: agg.scenario, strategy: agg.strategy });
  }
  const pending: Pending[] = [];
  const cases = [...keys.values()].map(({ scenario, strategy }) => {
    const all = (r: Results): CaseResult[] => r.runs.filter((run) => run.scenario === scenario && run.strategy === strategy);
    const a = all(base);
    const b = all(next);
    const empty = { scenario, strategy, metrics: [], counts: [] };
    if (a.length === 0 || !base.aggregates.some((x) => x.scenario === scenario && x.strategy === strategy)) return { ...empty, status: 'only-in-new' as const };
    if (b.length === 0 || !next.aggregates.some((x) => x.scenario === scenario && x.strategy === strategy)) return { ...empty, status: 'only-in-base' as const };
    return compareRuns(scenario, strategy, a, b, 'welch', pending, options.gate, [strategy]);
  });
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const tests = decide(pending, threshold, alpha);
  return {
    base: { label: options.baseLabel ?? 'baseline', startedAt: base.startedAt, command: base.command },
    next: { label: options.nextLabel ?? 'new', startedAt: next.startedAt, command: next.command },
    alpha,
    threshold,
    correction: { method: 'holm-bonferroni', tests },
    ...gateFields(options.gate),
    mode: 'files',
    environmentDifferences: environmentDifferences(base.environment, next.environment),
    machineDifferences: machineDifferences(base.environment, next.environment),
    setupDifferences: [...networkDifferences(base.target, next.target), ...setupDifferences(base.scenarios, next.scenarios)],
    conditions: [
      ...(base.provenance?.warnings ?? []).map((w) => `baseline: ${w}`),
      ...(next.provenance?.warnings ?? []).map((w) => `new: ${w}`),
    ],
    cases,
  };
}

/** The runtime variant a run was measured on, when the results file records one. */
export function runtimeId(run: CaseResult): string | undefined {
  return (run as CaseResult & { runtime?: { id?: string } }).runtime?.id;
}

/**
 * A against B within one results file, paired by repetition: the plan interleaves
 * strategies (and variants) within each repetition, so repetition i of A and of B ran
 * next to each other in time and share whatever the machine was doing. `a` and `b` are
 * strategy ids or runtime variant ids (`run.runtime.id`).
 */
export function compareWithin(results: Results, a: string, b: string, options: CompareOptions = {}): Comparison {
  const byStrategy = results.runs.some((r) => r.strategy === a) && results.runs.some((r) => r.strategy === b);
  const matches = (run: CaseResult, id: string): boolean => (byStrategy ? run.strategy === id : runtimeId(run) === id);
  // What must agree for two runs to be a pair besides the repetition: the scenario, and the
  // other dimension (the variant when comparing strategies, the strategy when comparing variants).
  const rest = (run: CaseResult): string => (byStrategy ? (runtimeId(run) ?? '') : run.strategy);
  const label = (run: CaseResult): string => (byStrategy ? (runtimeId(run) ?? `${b} vs ${a}`) : run.strategy);
  const groups = new Map<string, PairGroup>();
  for (const run of results.runs) {
    const side = matches(run, a) ? 'a' : matches(run, b) ? 'b' : undefined;
    if (side === undefined) continue;
    const key = JSON.stringify([run.scenario, rest(run)]);
    // A gate row names the compared strategy by either id, or by the row's label.
    const group = groups.get(key) ?? { scenario: run.scenario, strategy: label(run), a: [], b: [], names: [label(run), a, b] };
    group[side].push(run);
    groups.set(key, group);
  }
  return pairedComparison(results, groups.values(), options.baseLabel ?? a, options.nextLabel ?? b, options);
}

/**
 * Previous clients against this run's (--base-ref, --base-dir; Results.base.pairs), paired
 * by repetition as compareWithin pairs one A with one B, for every pair at once: one row
 * per scenario × new strategy (× runtime variant when the run had several), all of them
 * in one Holm correction over the gated rows. A row is named by the new strategy's id; a
 * gate row may name either side.
 */
export function compareBase(results: Results, pairs: ReadonlyArray<{ base: string; next: string }>, options: CompareOptions = {}): Comparison {
  const variants = new Set(results.runs.map((r) => runtimeId(r) ?? ''));
  const groups = new Map<string, PairGroup>();
  for (const run of results.runs) {
    const pair = pairs.find((p) => p.base === run.strategy || p.next === run.strategy);
    if (pair === undefined) continue;
    const variant = runtimeId(run);
    const label = variants.size > 1 && variant !== undefined ? `${pair.next} (${variant})` : pair.next;
    const key = JSON.stringify([run.scenario, pair.next, variant ?? '']);
    const group = groups.get(key) ?? { scenario: run.scenario, strategy: label, a: [], b: [], names: [label, pair.base, pair.next] };
    group[run.strategy === pair.base ? 'a' : 'b'].push(run);
    groups.set(key, group);
  }
  return pairedComparison(results, groups.values(), options.baseLabel ?? 'previous', options.nextLabel ?? 'this run', options);
}

/** One row of a paired comparison: A's and B's runs of one scenario × strategy (× variant), and the names a gate row may use for it. */
interface PairGroup {
  scenario: string;
  strategy: string;
  a: CaseResult[];
  b: CaseResult[];
  names: string[];
}

function pairedComparison(results: Results, groups: Iterable<PairGroup>, baseLabel: string, nextLabel: string, options: CompareOptions): Comparison {
  const pending: Pending[] = [];
  const cases: CaseComparison[] = [...groups].map((g) => {
    const empty = { scenario: g.scenario, strategy: g.strategy, metrics: [], counts: [] };
    if (g.a.length === 0) return { ...empty, status: 'only-in-new' };
    if (g.b.length === 0) return { ...empty, status: 'only-in-base' };
    return compareRuns(g.scenario, g.strategy, g.a, g.b, 'paired', pending, options.gate, g.names);
  });
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const tests = decide(pending, threshold, alpha);
  const side = (label: string) => ({ label, startedAt: results.startedAt, command: results.command });
  return {
    base: side(baseLabel),
    next: side(nextLabel),
    alpha,
    threshold,
    correction: { method: 'holm-bonferroni', tests },
    ...gateFields(options.gate),
    mode: 'paired',
    environmentDifferences: [],
    machineDifferences: [],
    setupDifferences: [],
    cases,
  };
}

/** The comparison's record of its gate and of how its repetitions were chosen. */
function gateFields(gate: readonly GateRow[] | undefined): Pick<Comparison, 'gate' | 'stopping'> {
  return { ...(gate !== undefined && gate.length > 0 ? { gate: gate.map((g) => g.text) } : {}), stopping: 'fixed-sample' };
}

function compareRuns(
  scenario: string,
  strategy: string,
  allA: CaseResult[],
  allB: CaseResult[],
  method: 'welch' | 'paired',
  pending: Pending[],
  gate: readonly GateRow[] | undefined,
  names: readonly string[],
): CaseComparison {
  const a = allA.filter((r) => r.status === 'ok');
  const b = allB.filter((r) => r.status === 'ok');
  if (a.length === 0 || b.length === 0) return { scenario, strategy, status: 'not-measured', metrics: [], counts: [] };
  const pairs: Array<[CaseResult, CaseResult]> = [];
  if (method === 'paired') {
    for (const x of a) {
      const y = b.find((r) => r.repetition === x.repetition);
      if (y) pairs.push([x, y]);
    }
  }
  const recorded = (runs: CaseResult[], pick: (r: CaseResult) => number | undefined): number[] | undefined => {
    const values = runs.map(pick);
    return values.every((v): v is number => v !== undefined) ? values : undefined;
  };
  const metrics = METRICS.flatMap((m) => {
    const va = recorded(a, m.pick);
    const vb = recorded(b, m.pick);
    if (va === undefined || vb === undefined) return [];
    const pick = (r: CaseResult): number => m.pick(r) ?? NaN;
    const raw =
      method === 'paired'
        ? pairedLogRatio(pairs.map(([x, y]) => [pick(x), pick(y)] as const))
        : welchLogRatio(va, vb);
    // Orient so that positive = slower: for throughput, lower new is slower.
    const estimate = raw && m.higherIsBetter ? { ...raw, log: -raw.log } : raw;
    const sa = meanStdev(va);
    const sb = meanStdev(vb);
    const change: MetricChange = {
      metric: m.id,
      base: { ...sa, n: va.length },
      next: { ...sb, n: vb.length },
      speed: m.higherIsBetter ? ratioWithUncertainty(sb, sa) : ratioWithUncertainty(sa, sb),
      slowdown: estimate ? Math.exp(estimate.log) - 1 : NaN,
      interval: null,
      method,
      pValue: NaN,
      adjustedP: NaN,
      verdict: 'untested',
      detectableSlowdown: NaN,
      gated: isGated(gate, scenario, names, m.id),
      decisionInterval: null,
    };
    if (!estimate) {
      // Still show the point change: ratio of means.
      const s = change.speed.ratio;
      change.slowdown = s > 0 && Number.isFinite(s) ? 1 / s - 1 : NaN;
    }
    pending.push({ change, estimate });
    return [change];
  });
  return { scenario, strategy, status: 'compared', metrics, counts: countChanges(a, b) };
}

/**
 * Sets every row's intervals and verdict. The family is every gated tested row (m of
 * them); a gated row is a regression when Holm–Bonferroni rejects "slower by at most the
 * threshold" at family level α. Rows not gated are decided alone at the stated level (a
 * one-sided α, the slow tail of a 95 % interval) and never fail a gate. Each verdict is
 * read off `decisionInterval`, the interval at the level that decided it (holmTails), so
 * the interval printed beside a verdict always agrees with it. Returns m.
 */
function decide(pending: Pending[], threshold: number, alpha: number): number {
  const bound = Math.log(1 + threshold);
  const tested = pending.filter((p): p is Pending & { estimate: LogEstimate } => p.estimate !== undefined);
  const family = tested.filter((p) => p.change.gated !== false);
  const m = family.length;
  const pValues = family.map((p) => pAbove(p.estimate, bound));
  const adjusted = holmAdjust(pValues);
  const tails = holmTails(pValues, alpha);
  const inFamily = new Map(family.map((p, i) => [p, i] as const));
  // Enough for any gated row to clear the correction: the Bonferroni tail, Holm's strictest step.
  const bonferroni = alpha / Math.max(1, m);
  for (const p of tested) {
    const { change, estimate } = p;
    const i = inFamily.get(p);
    const tail = i !== undefined ? tails[i]! : alpha;
    const worst = i !== undefined ? bonferroni : alpha;
    const interval95 = logInterval(estimate, LEVEL);
    change.interval = { low: Math.exp(interval95.low) - 1, high: Math.exp(interval95.high) - 1 };
    const level = 1 - 2 * tail;
    const { low, high } = logInterval(estimate, level);
    change.decisionInterval = { low: Math.exp(low) - 1, high: Math.exp(high) - 1, level };
    change.pValue = pAbove(estimate, bound);
    change.adjustedP = i !== undefined ? adjusted[i]! : NaN;
    const t = estimate.se === 0 ? 0 : tQuantile(1 - worst, estimate.df);
    change.detectableSlowdown = Math.exp(bound + t * estimate.se) - 1;
    // p ≤ tail ⇔ the decision interval's low end is at or above the bound (both come from the same t).
    if (change.pValue <= tail) change.verdict = 'regression';
    else if (high < -bound) change.verdict = 'improvement';
    else if (high < bound) change.verdict = 'no regression';
    else {
      change.verdict = 'inconclusive';
      const n = repetitionsToDecide(estimate, bound, worst);
      change.repetitionsToDecide = Number.isFinite(n) ? n : null;
    }
  }
  return m;
}

/**
 * Counts per repetition. A count that was the same in every repetition of both sides is
 * deterministic and compared exactly; one that varied on either side is racy (undici's
 * HTTP/1.1 pool dials 1–3 warm connections from run to run) and only ranges that do not
 * overlap are a change.
 */
function countChanges(a: CaseResult[], b: CaseResult[]): CountChange[] {
  const changes: CountChange[] = [];
  const counts: Array<[string, (r: CaseResult) => number]> = [
    ['connections (cold round)', (r) => r.connections.cold.opened],
    ['connections (warm rounds)', (r) => r.connections.warm.opened],
    ['full TLS handshakes', (r) => r.connections.tlsFull],
    ['resumed TLS handshakes', (r) => r.connections.tlsResumed],
    ['peak streams per connection', (r) => r.connections.maxConcurrentStreams],
  ];
  for (const [what, pick] of counts) {
    const x = minMax(a.map(pick));
    const y = minMax(b.map(pick));
    const exact = x.min === x.max && y.min === y.max;
    const changed = exact ? x.min !== y.min : x.max < y.min || y.max < x.min;
    if (changed) changes.push({ what, base: fmtRange(x.min, x.max), next: fmtRange(y.min, y.max), kind: exact ? 'exact' : 'ranges' });
  }
  const protoA = dominantProtocol(a.map((r) => r.connections.alpn));
  const protoB = dominantProtocol(b.map((r) => r.connections.alpn));
  if (protoA !== protoB) changes.push({ what: 'protocol', base: protocolLabel(protoA), next: protocolLabel(protoB), kind: 'exact' });
  const failedA = a.reduce((n, r) => n + r.requests.failed, 0);
  const failedB = b.reduce((n, r) => n + r.requests.failed, 0);
  if ((failedA === 0) !== (failedB === 0)) changes.push({ what: 'failed requests', base: String(failedA), next: String(failedB), kind: 'exact' });
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

/**
 * The differences a timing gate cannot see past: another CPU model, another core count or
 * another runtime changes every number, so a baseline from there says nothing about here.
 */
export function machineDifferences(a: Environment, b: Environment): string[] {
  const out: string[] = [];
  if (a.cpuModel !== b.cpuModel) out.push(`cpu model ${a.cpuModel} → ${b.cpuModel}`);
  if (a.cpus !== b.cpus) out.push(`cpu count ${a.cpus} → ${b.cpus}`);
  if (a.node !== b.node) out.push(`node ${a.node} → ${b.node}`);
  return out;
}

function setupDifferences(a: readonly ScenarioInfo[], b: readonly ScenarioInfo[]): string[] {
  const out: string[] = [];
  for (const sa of a) {
    const sb = b.find((s) => s.id === sa.id);
    if (!sb) continue;
    if (sa.concurrency !== sb.concurrency) out.push(`${sa.id}: concurrency ${sa.concurrency} → ${sb.concurrency}`);
    if (sa.delaysMs.join('/') !== sb.delaysMs.join('/')) out.push(`${sa.id}: server delays differ`);
    // A scenario with its own round trip (seed-rtt20): latency changes with it by design.
    if (sa.rttMs !== sb.rttMs) out.push(`${sa.id}: ${sa.rttMs !== undefined ? `RTT ${sa.rttMs} ms` : 'the run\'s network'} → ${sb.rttMs !== undefined ? `RTT ${sb.rttMs} ms` : 'the run\'s network'}`);
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

export interface GateFailure {
  scenario: string;
  strategy: string;
  change: MetricChange;
}

/** The regressions that fail a gate: gated rows only (the threshold is the one the comparison was made with). */
export function gateFailures(comparison: Comparison): GateFailure[] {
  return rowsWith(comparison, 'regression').filter((f) => f.change.gated !== false);
}

/** Rows with a given verdict, in comparison order. */
export function rowsWith(comparison: Comparison, verdict: MetricChange['verdict']): GateFailure[] {
  const out: GateFailure[] = [];
  for (const c of comparison.cases) {
    for (const m of c.metrics) if (m.verdict === verdict) out.push({ scenario: c.scenario, strategy: c.strategy, change: m });
  }
  return out;
}
