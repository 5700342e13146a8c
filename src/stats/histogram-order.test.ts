/**
 * Percentile order on values that do not sit on HDR bucket edges. Whole milliseconds
 * (the other histogram tests) are exact in HDR's buckets, so a percentile reported as the
 * top of its bucket never shows there; real latencies like 25.123 ms do.
 */
import { describe, expect, it } from 'vitest';
import { BELOW_MAX, orderViolations } from '../../test/support/order.js';
import { LatencyRecorder } from './histogram.js';

/** 1,000 latencies between 20 and 30 ms, none on a bucket edge (a fixed, irregular spread). */
function realistic(): LatencyRecorder {
  const r = new LatencyRecorder();
  for (let i = 0; i < 1000; i++) r.record(20 + ((i * 7.919) % 10) + 0.0123);
  return r;
}

describe('LatencyRecorder on off-bucket values', () => {
  it('keeps min ≤ p50 ≤ p90 ≤ p99 ≤ p999 and the mean inside [min, max]', () => {
    const s = realistic().summary();
    expect(orderViolations(s, BELOW_MAX)).toEqual([]);
    expect(s.min).toBe(20.012);
    // Every percentile within HDR's 3 significant digits (0.1 %) of the truth.
    const within = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.001);
    within(s.p50, 25);
    within(s.p99, 29.9);
    within(s.max, 29.99);
  });

  it('one value recorded 100 times: every percentile is that value to 0.1 %', () => {
    const r = new LatencyRecorder();
    for (let i = 0; i < 100; i++) r.record(25.123);
    const s = r.summary();
    expect(s.min).toBe(25.123);
    expect(s.max).toBe(25.123);
    for (const p of [s.p50, s.p90, s.p99, s.p999]) expect(Math.abs(p - 25.123)).toBeLessThanOrEqual(0.026);
  });

  // HDR reports a percentile as the top of its bucket, which can lie above the largest
  // value recorded (25.123 ms recorded 100 times gave p99 25.135); stats/histogram.ts
  // clamps every percentile to [min, max].
  it('no percentile exceeds max', () => {
    const r = new LatencyRecorder();
    for (let i = 0; i < 100; i++) r.record(25.123);
    expect(orderViolations(r.summary())).toEqual([]);
  });
});
