import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './histogram.js';

/** HDR with 3 significant digits: every reported value is within 0.1 % of the truth. */
const within = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.001);
};

describe('LatencyRecorder', () => {
  it('reports all zeros when empty', () => {
    const r = new LatencyRecorder();
    expect(r.count).toBe(0);
    expect(r.summary()).toEqual({ min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  });

  it('reports percentiles of 1..1000 ms within HDR precision', () => {
    const r = new LatencyRecorder();
    for (let ms = 1; ms <= 1000; ms++) r.record(ms);
    const s = r.summary();
    expect(r.count).toBe(1000);
    within(s.p50, 500);
    within(s.p90, 900);
    within(s.p99, 990);
    within(s.p999, 999);
    expect(s.min).toBe(1);
    expect(s.max).toBe(1000);
    within(s.mean, 500.5);
    // population stdev of 1..1000 = sqrt((1000² - 1) / 12)
    within(s.stdev, Math.sqrt((1000 ** 2 - 1) / 12));
  });

  it('keeps sub-millisecond latencies to the microsecond', () => {
    const r = new LatencyRecorder();
    r.record(0.412);
    r.record(0.0001); // below 1 µs: clamped to 1 µs, still counted
    expect(r.summary().max).toBe(0.412);
    expect(r.summary().min).toBe(0.001);
    expect(r.count).toBe(2);
  });

  it('rejects negative and NaN latencies', () => {
    const r = new LatencyRecorder();
    expect(() => r.record(-1)).toThrow(RangeError);
    expect(() => r.record(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips through encode/decode and merges', () => {
    const a = new LatencyRecorder();
    for (let ms = 1; ms <= 100; ms++) a.record(ms);
    // Expected values are those of 1..100 ms themselves, not of another recorder's
    // summary: a broken encode/decode or merge that spoils both alike must still fail.
    const decoded = LatencyRecorder.decode(a.encode());
    expect(decoded.count).toBe(100);
    const d = decoded.summary();
    // A decoded histogram knows its max only to its bucket (measured: 100.031 for 100).
    expect(d.min).toBe(1);
    within(d.max, 100);
    within(d.p50, 50);
    within(d.p99, 99);
    within(d.mean, 50.5);
    const merged = new LatencyRecorder();
    merged.merge(a);
    merged.merge(decoded);
    expect(merged.count).toBe(200);
    const m = merged.summary();
    // 1..100 twice: the same quantiles and mean, twice the count.
    expect(m.min).toBe(1);
    within(m.max, 100);
    within(m.p50, 50);
    within(m.p90, 90);
    within(m.mean, 50.5);
  });

  it('never reports a percentile above the max or below the min (bucket tops are clamped)', () => {
    // 21.168 ms lands in a 16 µs bucket whose top is 21.183 ms: unclamped, p99 > max.
    const r = new LatencyRecorder();
    for (let i = 0; i < 10; i++) r.record(21.168);
    r.record(3.001);
    const s = r.summary();
    expect(s.max).toBe(21.168);
    for (const q of [s.p50, s.p90, s.p99, s.p999]) {
      expect(q).toBeLessThanOrEqual(s.max);
      expect(q).toBeGreaterThanOrEqual(s.min);
    }
    expect(s.p99).toBe(21.168);
  });
});
