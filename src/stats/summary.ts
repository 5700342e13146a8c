/**
 * Plain statistics over repetitions. Kept separate from the histogram: these operate on
 * a handful of per-repetition numbers (throughput, p50 of each run), not on samples.
 */

export interface MeanStdev {
  mean: number;
  stdev: number;
}

export interface Ratio {
  ratio: number;
  uncertainty: number;
}

/**
 * Mean and SAMPLE standard deviation (n - 1): repetitions are a sample of the runs one
 * could have made, not the whole population. stdev is 0 for fewer than two values
 * (there is no spread to estimate), and both are 0 for no values.
 */
export function meanStdev(values: readonly number[]): MeanStdev {
  const n = values.length;
  if (n === 0) return { mean: 0, stdev: 0 };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n < 2) return { mean, stdev: 0 };
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { mean, stdev: Math.sqrt(squares / (n - 1)) };
}

/** Smallest and largest value; both 0 for no values, so empty groups render as "0". */
export function minMax(values: readonly number[]): { min: number; max: number } {
  if (values.length === 0) return { min: 0, max: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * a / b with first-order error propagation, as hyperfine reports "2.31 ± 0.04 times
 * faster": σ_r = r · sqrt((σa/a)² + (σb/b)²). This assumes a and b are independent,
 * which holds because every case runs in its own process. The uncertainty is NaN when
 * either mean is 0, since a relative error of a zero mean is undefined.
 */
export function ratioWithUncertainty(a: MeanStdev, b: MeanStdev): Ratio {
  const ratio = a.mean / b.mean;
  if (a.mean === 0 || b.mean === 0) return { ratio, uncertainty: NaN };
  const uncertainty = Math.abs(ratio) * Math.sqrt((a.stdev / a.mean) ** 2 + (b.stdev / b.mean) ** 2);
  return { ratio, uncertainty };
}
