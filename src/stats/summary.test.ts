import { describe, expect, it } from 'vitest';
import { meanStdev, minMax, ratioWithUncertainty } from './summary.js';

describe('meanStdev', () => {
  it('uses the sample standard deviation (n - 1)', () => {
    const { mean, stdev } = meanStdev([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    expect(stdev).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('has no spread for fewer than two values', () => {
    expect(meanStdev([])).toEqual({ mean: 0, stdev: 0 });
    expect(meanStdev([3])).toEqual({ mean: 3, stdev: 0 });
  });
});

describe('minMax', () => {
  it('finds the extremes, zeros when empty', () => {
    expect(minMax([3, -1, 8, 2])).toEqual({ min: -1, max: 8 });
    expect(minMax([])).toEqual({ min: 0, max: 0 });
  });
});

describe('ratioWithUncertainty', () => {
  it('propagates relative errors in quadrature', () => {
    // 3 % and 4 % relative error -> 5 % on the ratio
    const r = ratioWithUncertainty({ mean: 10, stdev: 0.3 }, { mean: 5, stdev: 0.2 });
    expect(r.ratio).toBe(2);
    expect(r.uncertainty).toBeCloseTo(0.1, 12);
  });

  it('matches hyperfine-style numbers', () => {
    const r = ratioWithUncertainty({ mean: 6012, stdev: 86 }, { mean: 2757, stdev: 66 });
    expect(r.ratio).toBeCloseTo(2.1806, 4);
    expect(r.uncertainty).toBeCloseTo(2.1806 * Math.sqrt((86 / 6012) ** 2 + (66 / 2757) ** 2), 4);
  });

  it('has an undefined uncertainty when a mean is zero', () => {
    expect(ratioWithUncertainty({ mean: 1, stdev: 0.1 }, { mean: 0, stdev: 0 }).uncertainty).toBeNaN();
  });
});
