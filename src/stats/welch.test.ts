import { describe, expect, it } from 'vitest';
import { incompleteBeta, logGamma, studentTCdf, welchTTest } from './welch.js';

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

describe('incompleteBeta', () => {
  it('matches closed forms', () => {
    // I_x(1, 1) = x; I_x(2, 1) = x²; I_x(1, b) = 1 - (1 - x)^b
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.7, 2, 1)).toBeCloseTo(0.49, 12);
    expect(incompleteBeta(0.2, 1, 3)).toBeCloseTo(1 - 0.8 ** 3, 12);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('studentTCdf', () => {
  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [-3, -0.5, 0, 0.7, 2, 10]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });

  it('matches the critical values of t tables', () => {
    // two-sided 5 %: t = 12.706 (df 1), 2.776 (4), 2.228 (10), 2.042 (30); 1 %: 3.169 (10)
    expect(studentTCdf(12.706, 1)).toBeCloseTo(0.975, 4);
    expect(studentTCdf(2.776, 4)).toBeCloseTo(0.975, 4);
    expect(studentTCdf(2.228, 10)).toBeCloseTo(0.975, 4);
    expect(studentTCdf(2.042, 30)).toBeCloseTo(0.975, 4);
    expect(studentTCdf(3.169, 10)).toBeCloseTo(0.995, 4);
    expect(studentTCdf(-2.228, 10)).toBeCloseTo(0.025, 4);
  });
});

describe('welchTTest', () => {
  it("matches a 15-a-side example against scipy.stats.ttest_ind(equal_var=False)", () => {
    // a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    // b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    // Reference values from scipy 1.17.1: t = 2.455356398286006, df = 24.988529290231416,
    // p = 0.021378001462866992.
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = welchTTest(a, b);
    expect(r.t).toBeCloseTo(2.455356398286006, 10);
    expect(r.df).toBeCloseTo(24.988529290231416, 8);
    expect(r.p).toBeCloseTo(0.021378001462866992, 8);
  });

  it('matches scipy on three repetitions a side (fractional df)', () => {
    // scipy: ttest_ind([11.0, 11.6, 10.9], [10.1, 10.4, 9.8], equal_var=False) → t = 3.8247, df = 3.8014, p = 0.020544
    const r = welchTTest([10.1, 10.4, 9.8], [11.0, 11.6, 10.9]);
    expect(r.t).toBeCloseTo(3.8247315498700614, 10);
    expect(r.df).toBeCloseTo(3.801396431342126, 10);
    expect(r.p).toBeCloseTo(0.02054404901165275, 8);
    expect(studentTCdf(0.3, 3.7)).toBeCloseTo(0.609866256434269, 10);
  });

  it('has no answer without a spread on both sides', () => {
    expect(welchTTest([1], [2, 3]).p).toBeNaN();
    expect(welchTTest([2, 2], [2, 2]).p).toBe(1);
    expect(welchTTest([2, 2], [3, 3]).p).toBe(0);
  });
});
