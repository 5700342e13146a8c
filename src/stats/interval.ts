/**
 * Confidence intervals for ratios across repetitions, on the log scale: the log of a ratio
 * is a difference, its sampling distribution is close to symmetric for the handful of
 * repetitions we have, and a slowdown of +x % and a speed-up of the same factor are the
 * same distance from 0. Repetitions are the independent units (each runs in its own
 * process); samples within one repetition are not.
 *
 * - independent sides (baseline file against new file): Welch's interval on the
 *   difference of mean logs, Welch–Satterthwaite degrees of freedom;
 * - paired sides (two strategies or variants interleaved in one run, repetition i of A
 *   next to repetition i of B in time): a one-sample t interval on the per-pair log ratios.
 */
import { studentTCdf } from './welch.js';

/** The t quantile: the x with P(T ≤ x) = p, for df > 0 (fractional df allowed). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  // Bracket, then bisect: the CDF is monotone and cheap; 200 halvings reach double precision.
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p && hi < 1e12) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A log-scale estimate with its standard error and degrees of freedom. */
export interface LogEstimate {
  /** Estimate of ln(ratio). */
  log: number;
  /** Standard error of `log`; 0 when every value agreed. */
  se: number;
  /** Degrees of freedom of the t distribution behind `se`. */
  df: number;
  method: 'welch' | 'paired';
  /** Values (or pairs) per side. */
  n: { a: number; b: number };
  /** Sample variance of the logs per side (Welch); of the pair log ratios in `a` (paired, `b` = 0). */
  variance: { a: number; b: number };
}

interface LogStats {
  mean: number;
  variance: number;
  n: number;
}

function logStats(values: readonly number[]): LogStats {
  const logs = values.map((v) => Math.log(v));
  const n = logs.length;
  const mean = logs.reduce((s, x) => s + x, 0) / n;
  // Every caller has at least 2 values.
  const variance = logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return { mean, variance, n };
}

function positive(values: readonly number[]): boolean {
  return values.every((v) => v > 0 && Number.isFinite(v));
}

/**
 * ln(geometric mean of b / geometric mean of a) with Welch's standard error; undefined
 * with fewer than 2 values a side (no spread to estimate) or a value ≤ 0 (no log).
 */
export function welchLogRatio(a: readonly number[], b: readonly number[]): LogEstimate | undefined {
  if (a.length < 2 || b.length < 2 || !positive(a) || !positive(b)) return undefined;
  const sa = logStats(a);
  const sb = logStats(b);
  const va = sa.variance / sa.n;
  const vb = sb.variance / sb.n;
  const se2 = va + vb;
  // Both sides constant: no spread, df as for pooled samples (the interval is a point anyway).
  const df = se2 === 0 ? sa.n + sb.n - 2 : se2 ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
  return {
    log: sb.mean - sa.mean,
    se: Math.sqrt(se2),
    df,
    method: 'welch',
    n: { a: sa.n, b: sb.n },
    variance: { a: sa.variance, b: sb.variance },
  };
}

/** Mean of ln(b_i / a_i) over pairs (same repetition), with its standard error; undefined under 2 pairs. */
export function pairedLogRatio(pairs: ReadonlyArray<readonly [number, number]>): LogEstimate | undefined {
  if (pairs.length < 2 || !pairs.every(([a, b]) => a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) return undefined;
  const d = logStats(pairs.map(([a, b]) => b / a));
  return { log: d.mean, se: Math.sqrt(d.variance / d.n), df: d.n - 1, method: 'paired', n: { a: d.n, b: d.n }, variance: { a: d.variance, b: 0 } };
}

/** The two-sided interval of `e.log` at confidence `level` (0.95). */
export function logInterval(e: LogEstimate, level: number): { low: number; high: number } {
  // A standard error of 0 gives a point (df is finite and positive for every estimate).
  const half = tQuantile(1 - (1 - level) / 2, e.df) * e.se;
  return { low: e.log - half, high: e.log + half };
}

/**
 * One-sided p-value of "the log ratio is at most `bound`" against "it is above": small when
 * the estimate is convincingly above the bound. With no spread, 0 above the bound, 1 otherwise.
 */
export function pAbove(e: LogEstimate, bound: number): number {
  if (e.se === 0) return e.log > bound ? 0 : 1;
  return 1 - studentTCdf((e.log - bound) / e.se, e.df);
}

/**
 * Relative half-width of the 95 % interval of one mean, from the repetitions' values on
 * the log scale: 0.03 = the mean is known to within ×/÷ 1.03. NaN under 2 values or with a
 * value ≤ 0.
 */
export function relativeHalfWidth(values: readonly number[], level = 0.95): number {
  if (values.length < 2 || !positive(values)) return NaN;
  const s = logStats(values);
  // Equal values: a variance of 0, so exp(0) - 1 = 0.
  return Math.exp(tQuantile(1 - (1 - level) / 2, s.n - 1) * Math.sqrt(s.variance / s.n)) - 1;
}

/**
 * Repetitions per side at which an interval with the spread measured so far would no
 * longer contain `bound` (at two-sided level 1 - 2·tail), assuming the estimate stays
 * where it is. Infinity when the estimate sits on the bound or nothing up to `cap` would do.
 */
export function repetitionsToDecide(e: LogEstimate, bound: number, tail: number, cap = 1000): number {
  const gap = Math.abs(e.log - bound);
  if (gap === 0) return Infinity;
  for (let n = 2; n <= cap; n++) {
    const { se, df } = projected(e, n);
    // No spread (se 0): the first n decides, since gap > 0.
    if (tQuantile(1 - tail, df) * se < gap) return n;
  }
  return Infinity;
}

/** Standard error and df with `n` per side and the same log variances (Welch) or pair variance (paired). */
function projected(e: LogEstimate, n: number): { se: number; df: number } {
  // One formula for both: a paired estimate keeps its variance in `a` and 0 in `b`, where
  // Welch–Satterthwaite gives df = n - 1, the paired df.
  const spread = e.variance;
  const v = (spread.a + spread.b) / n;
  const denom = ((spread.a / n) ** 2 + (spread.b / n) ** 2) / (n - 1);
  return { se: Math.sqrt(v), df: denom === 0 ? 2 * n - 2 : v ** 2 / denom };
}
