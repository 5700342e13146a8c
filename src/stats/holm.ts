/**
 * Holm–Bonferroni step-down correction: controls the family-wise error rate (the chance of
 * at least one false rejection among all m tests) at α without assuming the tests are
 * independent, which ours are not (p50 and p99 of one case move together). Uniformly more
 * powerful than plain Bonferroni (Holm 1979).
 */

/**
 * Holm-adjusted p-values, in the input order: sort ascending, multiply the k-th smallest
 * by (m - k + 1), carry the running maximum so the adjusted values keep the order, cap at 1.
 * A test is rejected at family level α exactly when its adjusted p ≤ α. NaN inputs (tests
 * that could not be made) stay NaN and do not count towards m.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = ascending(pValues);
  const m = order.length;
  const out = pValues.map(() => NaN);
  let running = 0;
  for (const [k, { p, i }] of order.entries()) {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  }
  return out;
}

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
  const order = ascending(pValues);
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

/** The tested p-values (NaN left out) with their input positions, smallest first: the order Holm steps through. */
function ascending(pValues: readonly number[]): Array<{ p: number; i: number }> {
  return pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p);
}
