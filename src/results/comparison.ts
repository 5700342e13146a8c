/**
 * A comparison of two sets of repetitions, as plain data: baseline file → new file, or
 * A → B within one results file (paired by repetition). It is stored in the new results
 * file (`Results.comparison`) and every writer renders it without recomputing.
 */

/** cpu.client / cpu.server: CPU per request (CaseResult.cpu), compared when every run of both sides recorded it. */
export type { MetricId } from '../gate-rows.js';
import type { MetricId } from '../gate-rows.js';

/**
 * - regression: the whole 95 % interval is slower than the threshold, and the test stays
 *   significant after the Holm–Bonferroni correction over every tested row;
 * - inconclusive: the interval contains the threshold (or clears it only before the
 *   correction): more repetitions would decide, see `repetitionsToDecide`;
 * - no regression: the whole interval is below the threshold;
 * - improvement: the whole interval is faster than the threshold;
 * - untested: fewer than 2 repetitions (or pairs) a side, no interval.
 */
export type MetricVerdict = 'regression' | 'inconclusive' | 'no regression' | 'improvement' | 'untested';

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
  /**
   * Relative slowdown of new against base, from the ratio of geometric means across
   * repetitions: +0.08 = 8 % worse, negative = better.
   */
  slowdown: number;
  /** 95 % confidence interval of `slowdown`; null when untested. */
  interval: { low: number; high: number } | null;
  /** welch = independent sides (two files); paired = repetition i of A against repetition i of B. */
  method: 'welch' | 'paired';
  /** One-sided p-value of "slower by no more than the threshold"; NaN when untested. */
  pValue: number;
  /** `pValue` after the Holm–Bonferroni correction over every gated tested row of the comparison; NaN for a row not gated. */
  adjustedP: number;
  /**
   * Whether the row is gated: it joins the correction and can fail the gate. Rows not
   * gated are reported, decided at the stated 95 % level alone. Absent in older files (every row was gated).
   */
  gated?: boolean;
  /**
   * The interval the verdict was decided with, at its confidence level: for a gated row
   * the level of the Holm step that decided it (1 − 2α/(m − k)), for a row not gated 95 %.
   * The verdict is exactly "this interval lies beyond the threshold" (regression), below
   * it (no regression), below minus it (improvement), or across it (inconclusive). null when untested.
   */
  decisionInterval?: { low: number; high: number; level: number } | null;
  verdict: MetricVerdict;
  /**
   * Inconclusive rows: repetitions per side at which the spread measured so far would
   * decide (after the correction); null when no number up to 1000 would.
   */
  repetitionsToDecide?: number | null;
  /**
   * The smallest slowdown this row could flag with its current spread and repetitions
   * (after the correction); NaN when untested.
   */
  detectableSlowdown: number;
}

/** A connection or handshake count that changed: always news, whatever the latency did. */
export interface CountChange {
  what: string;
  /**
   * Range over repetitions as text, e.g. "1" or "2–3" (the protocol: "h2", "http/1.1"):
   * what results files have always stored; `values` has the numbers, and the renderers read those.
   */
  base: string;
  next: string;
  /**
   * exact = the count was the same in every repetition on both sides, and it differs;
   * ranges = it varies between repetitions (racy) on a side, and the ranges do not overlap.
   */
  kind?: 'exact' | 'ranges';
  /** The numbers behind `base` and `next`. Absent in older files (renderers then show the text). */
  values?: CountValues;
}

/**
 * - count: the range over each side's measured repetitions (min = max when it did not
 *   vary; failed requests: the total over the repetitions);
 * - protocol: the protocol most connections negotiated, the ALPN id as the ledger records
 *   it ('none' = HTTP/1.1 without ALPN, 'mixed' when none has 90 %, 'n/a' with no connection).
 */
export type CountValues =
  | { type: 'count'; base: { min: number; max: number }; next: { min: number; max: number } }
  | { type: 'protocol'; base: string; next: string };

export interface CaseComparison {
  scenario: string;
  strategy: string;
  /** 'compared' = measured on both sides; otherwise the side it is missing from, or unmeasured. */
  status: 'compared' | 'only-in-base' | 'only-in-new' | 'not-measured';
  metrics: MetricChange[];
  counts: CountChange[];
  /** What the connections cost on each side (compare/cost-rows.ts): reported, never gated; absent in older files. */
  costs?: CostChange[];
}

/** One cost figure (a metric of report/metrics.ts's COST_METRIC_IDS) on both sides, over their measured repetitions. */
export interface CostChange {
  metric: string;
  unit: string;
  base: { mean: number; stdev: number; min: number; max: number; n: number };
  next: { mean: number; stdev: number; min: number; max: number; n: number };
  /** next mean / base mean − 1; NaN when the base mean is 0. */
  change: number;
  /** The means differ by more than 10 % and the ranges over repetitions do not overlap: the notes name it. */
  changed: boolean;
}

export interface Comparison {
  /** Where the baseline came from (a path, or the A id), and when it was measured. */
  base: { label: string; startedAt: string; command: string };
  next: { label: string; startedAt: string; command: string };
  /** Family-wise error rate of the regression decisions (one-sided: the 95 % intervals' slow tail). */
  alpha: number;
  /** Slowdown that counts as a regression (0.05 = 5 %). */
  threshold?: number;
  /** How the decisions were corrected for making many of them; `tests` counts the gated tested rows only. */
  correction?: { method: 'holm-bonferroni'; tests: number };
  /**
   * The declared gate (scenario/strategy/metric rows, as written); absent when none was
   * declared and every latency and throughput row was gated.
   */
  gate?: string[];
  /**
   * How the number of repetitions was chosen, for the reader of the error rate:
   * 'fixed-sample' = the decision is made once on the repetitions there are (the precision
   * scheduler adds repetitions on half-widths, never on a verdict), so α holds as stated.
   */
  stopping?: 'fixed-sample';
  /** files = two results files, independent sides; paired = A and B of one file, paired by repetition. */
  mode?: 'files' | 'paired';
  /** e.g. "node v20.20.2 → v22.1.0", "cpu model A → B"; empty when the environments match. */
  environmentDifferences: string[];
  /** The differences that make a gate meaningless: CPU model, core count, runtime. */
  machineDifferences?: string[];
  /** Scenario definitions that differ (concurrency, delays, rounds), which make ratios suspect. */
  setupDifferences: string[];
  /** Measurement conditions a reader should know, e.g. a side measured on a busy machine. */
  conditions?: string[];
  cases: CaseComparison[];
}
