/** Absolute thresholds (`--threshold`, `muxbench.config.json`) and their outcomes, as plain data. */

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** One `metric op limit` for the (scenario, strategy) pairs its selector matches. */
export interface Threshold {
  /** Scenario id or '*'. */
  scenario: string;
  /** Strategy id or '*'. */
  strategy: string;
  metric: string;
  op: Operator;
  limit: number;
  /** Where it was written: "--threshold" or the config file's path. */
  source: string;
  /** "burst/undici-h2: conns.cold<=1", as the user would write it alone. */
  text: string;
}

/** A threshold checked against one (scenario, strategy) of the run. */
export interface ThresholdOutcome {
  threshold: string;
  source: string;
  scenario: string;
  strategy: string;
  /** The runtime variant, when the run measured more than one (each variant is held to the threshold on its own). */
  runtime?: string;
  metric: string;
  unit: string;
  op: Operator;
  limit: number;
  /** The folded value (see report/metrics.ts); null when no repetition measured. */
  value: number | null;
  /** "mean of 3 repetitions", "highest of 3 repetitions", "sum over 3 repetitions". */
  fold: string;
  pass: boolean;
}
