/**
 * Edges of the statistics code, from a read of the mutants the other tests let survive:
 * the Γ reflection below 1/2, the continued fraction's other side, degenerate t-tests,
 * a zero mean in a ratio, a zero latency. Expected values are written out (Python's
 * math.lgamma and the closed form of I_x(2, 3)).
 */
import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './histogram.js';
import { meanStdev, ratioWithUncertainty } from './summary.js';
import { incompleteBeta, logGamma, studentTCdf, welchTTest } from './welch.js';

describe('welch internals at their edges', () => {
  it('logGamma below 1/2 uses the reflection formula', () => {
    expect(logGamma(0.25)).toBeCloseTo(1.2880225246980774, 12);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
  });

  it('incompleteBeta on the far side of (a + 1) / (a + b + 2) and at the ends', () => {
    // I_x(2, 3) = 6x²(1-x)² + 4x³(1-x) + x⁴
    expect(incompleteBeta(0.9, 2, 3)).toBeCloseTo(0.9963, 12);
    expect(incompleteBeta(0.2, 2, 3)).toBeCloseTo(6 * 0.04 * 0.64 + 4 * 0.008 * 0.8 + 0.0016, 12);
    expect(incompleteBeta(-0.1, 2, 3)).toBe(0);
    expect(incompleteBeta(1.1, 2, 3)).toBe(1);
  });

  it('studentTCdf: NaN for NaN or df ≤ 0; 0 and 1 at the infinities; 1/2 at 0', () => {
    expect(studentTCdf(Number.NaN, 3)).toBeNaN();
    expect(studentTCdf(1, 0)).toBeNaN();
    expect(studentTCdf(1, -1)).toBeNaN();
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(studentTCdf(0, 3)).toBe(0.5);
  });

  it('welchTTest: one value on either side has no answer; constant sides give t = ±∞ with df = n - 2', () => {
    for (const r of [welchTTest([1, 2], [3]), welchTTest([1], [2, 3])]) {
      expect(r.t).toBeNaN();
      expect(r.df).toBeNaN();
      expect(r.p).toBeNaN();
    }
    expect(welchTTest([2, 2], [3, 3, 3])).toEqual({ t: Infinity, df: 3, p: 0 });
    expect(welchTTest([3, 3, 3], [2, 2])).toEqual({ t: -Infinity, df: 3, p: 0 });
    expect(welchTTest([2, 2], [2, 2, 2])).toEqual({ t: 0, df: 3, p: 1 });
  });
});

describe('summary and histogram edges', () => {
  it('a ratio with a zero mean on either side has no uncertainty', () => {
    const zero = { mean: 0, stdev: 1 };
    const one = { mean: 2, stdev: 0.2 };
    expect(ratioWithUncertainty(zero, one).uncertainty).toBeNaN();
    expect(ratioWithUncertainty(one, zero).uncertainty).toBeNaN();
    expect(ratioWithUncertainty(zero, one).ratio).toBe(0);
    const r = ratioWithUncertainty({ mean: 4, stdev: 0.4 }, one);
    expect(r.ratio).toBe(2);
    expect(r.uncertainty).toBeCloseTo(2 * Math.sqrt(0.01 + 0.01), 12);
    expect(meanStdev([3])).toEqual({ mean: 3, stdev: 0 });
  });

  it('a latency of exactly 0 ms is recorded (as 1 µs), a negative one names itself', () => {
    const r = new LatencyRecorder();
    r.record(0);
    expect(r.count).toBe(1);
    expect(r.summary().max).toBe(0.001);
    expect(() => r.record(-0.5)).toThrow('latency must be a finite number >= 0 ms, got -0.5');
  });
});
