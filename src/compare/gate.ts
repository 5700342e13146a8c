/** Holm's step-down levels for the gated rows of a comparison; the gate rows themselves are defined in src/gate-rows.ts. */
export { COMPARE_METRICS, DEFAULT_GATED_METRICS, checkGateMatches, gatesRow, isGated, isMetricId, parseGateRow, type GateRow } from '../gate-rows.js';

/**
 * The one-sided tail each test was decided at by Holm's step-down procedure at family
 * level α, in input order: the k-th smallest p-value (k from 0) is tested at α/(m − k)
 * while every smaller one was rejected; from the first that is not, the procedure stops
 * and every remaining test is decided (not rejected) at that step's α/(m − s).
 *
 * A t interval at two-sided level 1 − 2·tail has its lower end above the bound exactly
 * when p < tail, so the interval printed at this tail agrees with the decision: a
 * rejected row's interval clears the threshold, and a row that was not rejected has
 * p ≥ α/(m − s) (its p is at least the stopping step's), so its interval does not.
 * NaN inputs (untested rows) get NaN.
 */
export function holmTails(pValues: readonly number[], alpha: number): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p);
  const m = order.length;
  const out = pValues.map(() => NaN);
  let stopped: number | undefined;
  for (const [k, { p, i }] of order.entries()) {
    const tail = alpha / (m - k);
    if (stopped === undefined && p > tail) stopped = tail;
    out[i] = stopped ?? tail;
  }
  return out;
}
