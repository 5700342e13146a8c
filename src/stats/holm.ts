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
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p);
  const m = order.length;
  const out = pValues.map(() => NaN);
  let running = 0;
  for (const [k, { p, i }] of order.entries()) {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  }
  return out;
}
