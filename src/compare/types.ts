/**
 * A comparison of two results files (baseline → new), as plain data: it is stored in the
 * new results file (`Results.comparison`) and every writer renders it without recomputing.
 */

export type MetricId = 'p50' | 'p99' | 'throughput';

export interface MetricChange {
  metric: MetricId;
  /** Mean and sample stdev over the measured repetitions of each side. */
  base: { mean: number; stdev: number; n: number };
  next: { mean: number; stdev: number; n: number };
  /**
   * Speed ratio new/base with its propagated uncertainty: above 1 = new is faster
   * (lower latency, higher throughput). Rendered with fmtRatio.
   */
  speed: { ratio: number; uncertainty: number };
  /** Relative slowdown of new against base: +0.08 = 8 % worse, negative = better. */
  slowdown: number;
  /** Two-sided Welch p-value across repetitions; NaN with fewer than 2 repetitions a side. */
  pValue: number;
  verdict: 'regression' | 'improvement' | 'no significant change' | 'untested';
}

/** A connection or handshake count that changed: always news, whatever the latency did. */
export interface CountChange {
  what: string;
  /** Range over repetitions, e.g. "1" or "2–3". */
  base: string;
  next: string;
}

export interface CaseComparison {
  scenario: string;
  strategy: string;
  /** 'compared' = measured on both sides; otherwise the side it is missing from, or unmeasured. */
  status: 'compared' | 'only-in-base' | 'only-in-new' | 'not-measured';
  metrics: MetricChange[];
  counts: CountChange[];
}

export interface Comparison {
  /** Where the baseline came from (a path), and when it was measured. */
  base: { label: string; startedAt: string; command: string };
  next: { label: string; startedAt: string; command: string };
  /** Significance level of the test. */
  alpha: number;
  /** e.g. "node v20.20.2 → v22.1.0", "cpu model A → B"; empty when the environments match. */
  environmentDifferences: string[];
  /** Scenario definitions that differ (concurrency, delays, rounds), which make ratios suspect. */
  setupDifferences: string[];
  cases: CaseComparison[];
}
