/**
 * The timing rows of a comparison: for p50, p99, throughput and CPU per request, the 95 %
 * confidence interval of the slowdown across repetitions (repetitions are the independent
 * units, each in its own process), and a regression decision against a threshold corrected
 * for the number of gated rows (Holm–Bonferroni).
 */
import type { CaseResult } from '../results.js';
import { holmAdjust, holmTails } from '../stats/holm.js';
import { logInterval, pAbove, pairedLogRatio, repetitionsToDecide, tQuantile, welchLogRatio, type LogEstimate } from '../stats/interval.js';
import { meanStdev, ratioWithUncertainty } from '../stats/summary.js';
import type { MetricChange, MetricId } from '../results/comparison.js';

const LEVEL = 0.95;

/** `pick` is undefined for a run that did not record the metric (CPU in older files): such a metric has no row. */
const METRICS: ReadonlyArray<{ id: MetricId; pick: (run: CaseResult) => number | undefined; higherIsBetter: boolean }> = [
  { id: 'p50', pick: (r) => r.latencyMs.p50, higherIsBetter: false },
  { id: 'p99', pick: (r) => r.latencyMs.p99, higherIsBetter: false },
  { id: 'throughput', pick: (r) => r.throughputRps, higherIsBetter: true },
  { id: 'cpu.client', pick: (r) => r.cpu?.client?.usPerRequest, higherIsBetter: false },
  { id: 'cpu.server', pick: (r) => r.cpu?.server?.usPerRequest, higherIsBetter: false },
];

/** A metric row before the decision: its estimate on the log scale, positive = slower. */
export interface Pending {
  change: MetricChange;
  estimate: LogEstimate | undefined;
}

/**
 * One row per metric both sides recorded, measured but not yet decided: each is also
 * pushed onto `pending`, for `decide` once every case of the comparison is in.
 * `a` and `b` are the measured (status ok) repetitions of each side.
 */
export function metricChanges(
  a: readonly CaseResult[],
  b: readonly CaseResult[],
  method: 'welch' | 'paired',
  gated: (metric: MetricId) => boolean,
  pending: Pending[],
): MetricChange[] {
  const pairs: Array<[CaseResult, CaseResult]> = [];
  if (method === 'paired') {
    for (const x of a) {
      const y = b.find((r) => r.repetition === x.repetition);
      if (y) pairs.push([x, y]);
    }
  }
  const recorded = (runs: readonly CaseResult[], pick: (r: CaseResult) => number | undefined): number[] | undefined => {
    const values = runs.map(pick);
    return values.every((v): v is number => v !== undefined) ? values : undefined;
  };
  return METRICS.flatMap((m) => {
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
      gated: gated(m.id),
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
}

/**
 * Sets every row's intervals and verdict. The family is every gated tested row (m of
 * them); a gated row is a regression when Holm–Bonferroni rejects "slower by at most the
 * threshold" at family level α. Rows not gated are decided alone at the stated level (a
 * one-sided α, the slow tail of a 95 % interval) and never fail a gate. Each verdict is
 * read off `decisionInterval`, the interval at the level that decided it (holmTails), so
 * the interval printed beside a verdict always agrees with it. Returns m.
 */
export function decide(pending: readonly Pending[], threshold: number, alpha: number): number {
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
