/**
 * Welch with the second sample smaller: t < 0. The p-value is two-sided, so it must be
 * the one of |t| (the other examples all have t > 0 and cannot tell p(t) from p(|t|)).
 */
import { describe, expect, it } from 'vitest';
import { welchTTest } from './welch.js';

describe('welchTTest with a negative t', () => {
  it('matches scipy with the samples swapped: t negated, same df and p', () => {
    // scipy: ttest_ind([11.0, 11.6, 10.9], [10.1, 10.4, 9.8], equal_var=False)
    //   → t = 3.8247315498700614, df = 3.801396431342126, p = 0.02054404901165275
    const r = welchTTest([11.0, 11.6, 10.9], [10.1, 10.4, 9.8]);
    expect(r.t).toBeCloseTo(-3.8247315498700614, 10);
    expect(r.df).toBeCloseTo(3.801396431342126, 10);
    expect(r.p).toBeCloseTo(0.02054404901165275, 8);
  });

  it('a small negative t is not significant (p near 1, not near 0)', () => {
    // Means 10.0 and 9.9, sd 1 on each side, n = 3: t = -0.1224744871391589, df = 4,
    // p = 0.9084 (two-sided, from t tables: P(|T4| > 0.1225) = 0.908).
    const r = welchTTest([9, 10, 11], [8.9, 9.9, 10.9]);
    expect(r.t).toBeCloseTo(-0.1224744871391589, 12);
    expect(r.df).toBeCloseTo(4, 12);
    expect(r.p).toBeCloseTo(0.9084, 3);
  });
});
