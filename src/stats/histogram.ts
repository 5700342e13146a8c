/**
 * Latency recording for one case. HDR histograms keep every percentile to 3 significant
 * digits in constant memory, so a long run does not have to keep every sample, and a
 * worker process can ship the whole distribution to the parent as one short string.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from '../results.js';

/** One hour in microseconds: nothing slower than that is a latency any more. */
const HIGHEST_US = 3_600_000_000;

function newHistogram(): hdr.Histogram {
  // The pure-JS build: WebAssembly would need an async init in every worker, for no
  // measurable gain at our sample counts.
  return hdr.build({
    useWebAssembly: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
  });
}

/** Converts microseconds to milliseconds, kept to the microsecond we recorded at. */
function usToMs(us: number): number {
  return Math.round(us) / 1000;
}

export class LatencyRecorder {
  private readonly histogram: hdr.Histogram;

  constructor(histogram: hdr.Histogram = newHistogram()) {
    this.histogram = histogram;
  }

  /**
   * Records one latency in milliseconds (for example a `performance.now()` difference).
   * HDR histograms store integers, so we record whole microseconds; values are clamped
   * to [1 µs, 1 h] because a network round trip cannot be faster than 1 µs, and because
   * a zero would be invisible to HDR's `minNonZeroValue`.
   */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      // A negative or NaN latency is a timing bug upstream; recording it would silently
      // skew every percentile, so fail loudly instead.
      throw new RangeError(`latency must be a finite number >= 0 ms, got ${ms}`);
    }
    const us = Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000)));
    this.histogram.recordValue(us);
  }

  /**
   * Records a phase of a request in milliseconds, where 0 is a real value (no connect on a
   * reused connection): HDR keeps zeros in its first bucket, so they stay zeros instead of
   * becoming 1 µs.
   */
  recordPhase(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`phase must be a finite number >= 0 ms, got ${ms}`);
    this.histogram.recordValue(Math.min(HIGHEST_US, Math.round(ms * 1000)));
  }

  /** Records `n` zeros at once (phases a request did not pay for, counted instead of recorded one by one). */
  recordZeros(n: number): void {
    if (n > 0) this.histogram.recordValueWithCount(0, n);
  }

  /**
   * p50 and p99 in milliseconds for histograms that hold zeros (recordPhase), kept within
   * the recorded range like summary(); zeros when nothing was recorded.
   */
  phasePercentiles(): { p50: number; p99: number } {
    const h = this.histogram;
    if (h.totalCount === 0) return { p50: 0, p99: 0 };
    const max = usToMs(h.maxValue);
    const at = (q: number): number => Math.min(max, usToMs(h.getValueAtPercentile(q)));
    return { p50: at(50), p99: at(99) };
  }

  /** Number of latencies recorded. */
  get count(): number {
    return this.histogram.totalCount;
  }

  /** Adds every latency of `other` (for example a histogram decoded from a worker). */
  merge(other: LatencyRecorder): void {
    this.histogram.add(other.histogram);
  }

  /**
   * The distribution in milliseconds; all zeros when nothing was recorded. `stdev` is
   * the population standard deviation of the recorded latencies (HDR's own). `extremes`:
   * the exact min and max when the histogram was decoded (they bound the percentiles).
   */
  summary(extremes?: { min: number; max: number }): LatencySummary {
    const h = this.histogram;
    if (h.totalCount === 0) {
      return { min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
    }
    // A decoded histogram knows its extremes only to their bucket (max 96.959 decoded for
    // 96.923 recorded); the exact ones travel in the summaries (`latencyMs.min/max`).
    const min = extremes?.min ?? usToMs(h.minNonZeroValue);
    const max = extremes?.max ?? usToMs(h.maxValue);
    // HDR reports a percentile as the top of its bucket (3 significant digits), which can
    // lie above the largest recorded value (p99 21.183 ms with max 21.168 ms was seen): a
    // percentile is a recorded latency, so it is clamped to [min, max].
    const at = (q: number): number => Math.min(max, Math.max(min, usToMs(h.getValueAtPercentile(q))));
    return {
      min,
      // HDR's mean is taken over bucket midpoints, so it too can leave the recorded range
      // (25.128 for 100 values of 25.123 ms): a mean of recorded values cannot.
      mean: Math.min(max, Math.max(min, usToMs(h.mean))),
      stdev: usToMs(h.stdDeviation),
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max,
    };
  }

  /** The whole distribution as compressed base64 (HdrHistogram's portable format). */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.histogram);
  }

  /** Rebuilds a recorder from `encode()` output, e.g. one sent by a worker process. */
  static decode(encoded: string): LatencyRecorder {
    return new LatencyRecorder(hdr.decodeFromCompressedBase64(encoded, 32, false));
  }
}
