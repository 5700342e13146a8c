/**
 * Reference values were computed by hand in python3 (t CDF by Simpson integration of the t
 * density, quantiles by bisection on it) and the t quantiles checked against published
 * tables (t₀.₉₇₅: df 2 → 4.303, df 4 → 2.776, df 10 → 2.228).
 */
import { describe, expect, it } from 'vitest';
import { holmAdjust } from './holm.js';
import { logInterval, pAbove, pairedLogRatio, relativeHalfWidth, repetitionsToDecide, tQuantile, welchLogRatio } from './interval.js';

describe('tQuantile', () => {
  it.each([
    [2, 4.302652729749205],
    [4, 2.7764451051978023],
    [5.5, 2.501858617589157],
    [10, 2.228138851986313],
  ])('t(0.975, df %s) = %s', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 6);
  });
  it('is antisymmetric and 0 at the median', () => {
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.7764451051978023, 6);
    expect(tQuantile(0.5, 3)).toBe(0);
  });
});

describe('welchLogRatio', () => {
  // a = [100, 104, 98], b = [110, 113, 108]
  // Built inside each test (see aggregate.test.ts).
  const estimate = () => welchLogRatio([100, 104, 98], [110, 113, 108])!;
  it('estimates ln(geomean b / geomean a) with Welch–Satterthwaite df', () => {
    const e = estimate();
    expect(e.log).toBeCloseTo(0.09182361594297994, 10);
    expect(e.se).toBeCloseTo(0.021840860812216957, 10);
    expect(e.df).toBeCloseTo(3.717120701736407, 8);
  });
  it('gives the 95 % interval of the ratio', () => {
    const e = estimate();
    const { low, high } = logInterval(e, 0.95);
    expect(Math.exp(low) - 1).toBeCloseTo(0.029753641248065232, 5);
    expect(Math.exp(high) - 1).toBeCloseTo(0.16687314022881128, 5);
  });
  it('tests "at most 5 % slower" one-sided', () => {
    const e = estimate();
    expect(pAbove(e, Math.log(1.05))).toBeCloseTo(0.0627485191156083, 4);
  });
  it('needs 2 values a side', () => {
    expect(welchLogRatio([1], [1, 2])).toBeUndefined();
  });
});

describe('pairedLogRatio', () => {
  it('is a one-sample t interval on per-pair log ratios', () => {
    const e = pairedLogRatio([
      [10, 10.6],
      [12, 12.5],
      [11, 11.9],
      [10.5, 11.0],
    ])!;
    expect(e.df).toBe(3);
    expect(e.log).toBeCloseTo(0.056063511399559264, 10);
    expect(e.se).toBeCloseTo(0.008357057785583358, 10);
    const { low, high } = logInterval(e, 0.95);
    expect(low).toBeCloseTo(0.029467623726787035, 6);
    expect(high).toBeCloseTo(0.0826593990723315, 6);
  });
});

describe('relativeHalfWidth', () => {
  it('is the 95 % half-width of the mean on the log scale', () => {
    expect(relativeHalfWidth([100, 104, 98])).toBeCloseTo(0.07794601655516153, 6);
    expect(relativeHalfWidth([5, 5, 5])).toBe(0);
    expect(relativeHalfWidth([5])).toBeNaN();
  });
});

describe('repetitionsToDecide', () => {
  it('grows as the estimate nears the bound, and is enough at the returned n', () => {
    const e = welchLogRatio([100, 104, 98], [110, 113, 108])!;
    const n = repetitionsToDecide(e, Math.log(1.05), 0.025);
    expect(n).toBeGreaterThan(3);
    expect(Number.isFinite(n)).toBe(true);
    expect(repetitionsToDecide(e, e.log, 0.025)).toBe(Infinity);
  });
});

describe('holmAdjust', () => {
  it('matches the step-down adjusted p-values computed by hand', () => {
    // sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 with running max: 0.02, 0.03, 0.06, 0.06
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    adj.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 12));
  });
  it('leaves NaN out of the family', () => {
    const adj = holmAdjust([0.01, NaN, 0.02]);
    expect(adj[0]).toBeCloseTo(0.02, 12);
    expect(adj[1]).toBeNaN();
    expect(adj[2]).toBeCloseTo(0.02, 12);
  });
  it('caps at 1', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
  });
});
