/**
 * The interval code at its edges: inputs it refuses, constant sides, the exact repetition
 * counts the precision scheduler asks for, and the cap. Expected values come from
 * scipy 1.17.1 (scipy.stats.t.ppf, numpy sample variances, ddof = 1), written out here;
 * the projection was recomputed there from its definition: the smallest n ≥ 2 with
 * t(1 - tail, df(n)) · se(n) < |log - bound|, with the measured log variances kept.
 */
import { describe, expect, it } from 'vitest';
import { logInterval, pAbove, pairedLogRatio, relativeHalfWidth, repetitionsToDecide, tQuantile, welchLogRatio } from './interval.js';

// a = [100, 104, 98], b = [110, 113, 108]: log 0.09182361594297994,
// log variances 0.0009129261039431324 (a) and 0.0005181434991127707 (b).
const welch = () => welchLogRatio([100, 104, 98], [110, 113, 108])!;
// Pair log ratios: mean 0.056063511399559264, variance 0.00027936165932631766.
const paired = () =>
  pairedLogRatio([
    [10, 10.6],
    [12, 12.5],
    [11, 11.9],
    [10.5, 11.0],
  ])!;

describe('tQuantile outside its domain', () => {
  it('NaN for p outside (0, 1) or df ≤ 0', () => {
    for (const [p, df] of [
      [0, 3],
      [1, 3],
      [-0.1, 3],
      [1.1, 3],
      [0.975, 0],
      [0.975, -2],
      [Number.NaN, 3],
      [0.975, Number.NaN],
    ] as const) {
      expect(tQuantile(p, df), `p ${p}, df ${df}`).toBeNaN();
    }
  });

  it('far tails still bracket: t(0.9995, 1) = 636.6192 and t(0.999999, 1) = 318309.886', () => {
    expect(tQuantile(0.9995, 1)).toBeCloseTo(636.6192487687, 4);
    expect(tQuantile(0.999999, 1) / 318309.88618).toBeCloseTo(1, 6);
  });
});

describe('welchLogRatio and pairedLogRatio: what they refuse, what they report', () => {
  it('fewer than 2 values on either side, a value ≤ 0 or not finite: no estimate', () => {
    expect(welchLogRatio([1, 2], [3])).toBeUndefined();
    expect(welchLogRatio([1], [2, 3])).toBeUndefined();
    expect(welchLogRatio([0, 2], [2, 3])).toBeUndefined();
    expect(welchLogRatio([1, 2], [-2, 3])).toBeUndefined();
    expect(welchLogRatio([1, Infinity], [2, 3])).toBeUndefined();
    expect(welchLogRatio([1, 2], [2, Number.NaN])).toBeUndefined();
    expect(pairedLogRatio([[1, 2]])).toBeUndefined();
    expect(pairedLogRatio([[1, 2], [0, 2]])).toBeUndefined();
    expect(pairedLogRatio([[1, 2], [2, 0]])).toBeUndefined();
    expect(pairedLogRatio([[1, 2], [Infinity, 2]])).toBeUndefined();
    expect(pairedLogRatio([[1, 2], [2, Infinity]])).toBeUndefined();
  });

  it('welch: the method, the counts and the log variances of each side', () => {
    const e = welch();
    expect(e.method).toBe('welch');
    expect(e.n).toEqual({ a: 3, b: 3 });
    expect(e.variance.a).toBeCloseTo(0.0009129261039431324, 15);
    expect(e.variance.b).toBeCloseTo(0.0005181434991127707, 15);
  });

  it('paired: one variance, of the pair log ratios; n pairs on each side', () => {
    const e = paired();
    expect(e.method).toBe('paired');
    expect(e.n).toEqual({ a: 4, b: 4 });
    expect(e.variance.a).toBeCloseTo(0.00027936165932631766, 15);
    expect(e.variance.b).toBe(0);
  });

  // Constant sides whose log means are exact in floating point (ln 1 = 0; (x + x) / 2 = x):
  // [6, 6, 6] would leave a variance of ~1e-16 from rounding, not 0.
  const constant = () => welchLogRatio([1, 1, 1, 1], [2, 2])!;

  it('two values on a side are enough', () => {
    const e = welchLogRatio([2, 2], [1, 1, 1, 1])!;
    expect([e.log, e.se, e.df]).toEqual([-Math.LN2, 0, 4]);
    // scipy: exp(t.ppf(0.975, 1) · sd(ln [100, 110]) / √2) - 1.
    expect(relativeHalfWidth([100, 110])).toBeCloseTo(0.8321961494868162, 6);
  });

  it('two constant sides: no spread, df of pooled samples, a point interval', () => {
    const e = constant();
    expect(e.log).toBe(Math.LN2);
    expect(e.se).toBe(0);
    expect(e.df).toBe(4);
    expect(logInterval(e, 0.95)).toEqual({ low: Math.LN2, high: Math.LN2 });
  });
});

describe('pAbove', () => {
  const constant = () => welchLogRatio([1, 1, 1, 1], [2, 2])!;

  it('without spread: 0 above the bound, 1 on it or below', () => {
    const e = constant();
    expect(pAbove(e, 0.69)).toBe(0);
    expect(pAbove(e, Math.LN2)).toBe(1);
    expect(pAbove(e, 0.7)).toBe(1);
  });

  it('with spread: 1 - P(T ≤ (log - bound) / se); 1/2 on the bound', () => {
    const e = paired();
    expect(pAbove(e, e.log)).toBeCloseTo(0.5, 12);
    // (0.056063511399559264 - 0.036397) / 0.008357057785583358 = 2.3533: t(0.95, 3).
    expect(pAbove(e, 0.056063511399559264 - 2.3533634348018233 * 0.008357057785583358)).toBeCloseTo(0.05, 10);
  });
});

describe('relativeHalfWidth at another level', () => {
  it('the level is used: 90 % is narrower than 95 %', () => {
    // scipy: exp(t.ppf(0.95, 2) · sd(log x) / √3) - 1 for x = [100, 104, 98].
    expect(relativeHalfWidth([100, 104, 98], 0.9)).toBeCloseTo(0.052257158, 6);
    expect(relativeHalfWidth([100, 0, 98])).toBeNaN();
  });
});

describe('repetitionsToDecide: the counts scipy gives', () => {
  it('welch: 5 a side to clear +5 % at a one-sided 2.5 %, 4 at 5 %, 3 for 0, 27 for +8 %', () => {
    const e = welch();
    expect(repetitionsToDecide(e, Math.log(1.05), 0.025)).toBe(5);
    expect(repetitionsToDecide(e, Math.log(1.05), 0.05)).toBe(4);
    expect(repetitionsToDecide(e, 0, 0.025)).toBe(3);
    expect(repetitionsToDecide(e, Math.log(1.08), 0.025)).toBe(27);
    // Above the estimate the gap counts the same way (|log - bound|): +10 % needs 454.
    expect(repetitionsToDecide(e, Math.log(1.1), 0.025)).toBe(454);
  });

  it('welch with one side far noisier: Welch–Satterthwaite df (near n - 1), not 2n - 2', () => {
    // a = [100, 130, 80], b = [110, 110.5, 109.6]: log variances 0.0591 and 0.0000168.
    // scipy: 6 a side to clear -0.2 (5 with df = 2n - 2), 19 to clear +0.2 (18).
    const e = welchLogRatio([100, 130, 80], [110, 110.5, 109.6])!;
    expect(repetitionsToDecide(e, -0.2, 0.025)).toBe(6);
    expect(repetitionsToDecide(e, 0.2, 0.025)).toBe(19);
  });

  it('the cap: 27 needed, a cap of 27 finds it, 26 gives up', () => {
    const e = welch();
    expect(repetitionsToDecide(e, Math.log(1.08), 0.025, 27)).toBe(27);
    expect(repetitionsToDecide(e, Math.log(1.08), 0.025, 26)).toBe(Infinity);
  });

  it('paired: df = n - 1 on the pair variance: 7 pairs for 0.04, 3 for 0, 72 for 0.06', () => {
    const e = paired();
    expect(repetitionsToDecide(e, 0.04, 0.025)).toBe(7);
    expect(repetitionsToDecide(e, 0, 0.025)).toBe(3);
    expect(repetitionsToDecide(e, 0.06, 0.025)).toBe(72);
  });

  it('no spread at all: 2 decide any gap', () => {
    expect(repetitionsToDecide(welchLogRatio([1, 1, 1, 1], [2, 2])!, 0, 0.025)).toBe(2);
    expect(repetitionsToDecide(pairedLogRatio([[1, 2], [1, 2]])!, 0, 0.025)).toBe(2);
  });
});
