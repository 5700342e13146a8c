/**
 * Aggregation edges the fixture does not reach: runtime variants kept apart, the achieved
 * precision (and its absence under two repetitions), error counts summed across runs,
 * the worst half-width, the reference ratio, a negative mean in a ratio, and latencies
 * HDR cannot hold. Cases are built by hand; expected values are worked out in comments
 * (the half-width from scipy 1.17.1: exp(t.ppf(0.975, n - 1) · sd(log x) / √n) - 1).
 */
import { describe, expect, it } from 'vitest';
import type { Aggregate, CaseResult } from '../results.js';
import { aggregate, dominantProtocol, worstHalfWidth } from './aggregate.js';
import { LatencyRecorder } from './histogram.js';
import { withReferenceRatios } from './reference.js';
import { ratioWithUncertainty } from './summary.js';

const latency = (p50: number, p99: number) => ({ min: 1, mean: p50, stdev: 1, p50, p90: p99, p99, p999: p99, max: p99 + 1 });

function run(throughputRps: number, p50: number, p99: number, extra: Partial<CaseResult> = {}): CaseResult {
  const counts = { opened: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 } };
  return {
    scenario: 'burst',
    strategy: 's',
    repetition: 0,
    concurrency: 10,
    status: 'ok',
    requests: { total: 10, ok: 10, failed: 0, errors: {} },
    connections: {
      ...counts,
      serverAccepted: 1,
      maxConcurrentStreams: 10,
      requestsPerConnection: [10],
      unused: 0,
      cold: counts,
      warm: { opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {} },
      server: null,
    },
    latencyMs: latency(p50, p99),
    coldLatencyMs: latency(p50, p99),
    coldRoundMs: p99,
    throughputRps,
    rounds: { samples: 4, warmupRounds: 0, meanMs: p50, rmePercent: 1 },
    durationMs: 100,
    verdicts: [],
    ...extra,
  };
}

const node = (id: string) => ({ id, node: '20.18.1', packages: {} });

describe('aggregate: variants, precision, errors', () => {
  it('runs of two runtime variants are two rows, each naming its variant; runs without one name none', () => {
    const rows = aggregate([
      run(100, 10, 20, { runtime: node('node20') }),
      run(300, 10, 20, { runtime: node('node24') }),
      run(200, 10, 20, { runtime: node('node20') }),
      run(50, 10, 20),
    ]);
    expect(rows.map((r) => [r.runtime, r.repetitions, r.throughputRps.mean])).toEqual([
      ['node20', 2, 150],
      ['node24', 1, 300],
      [undefined, 1, 50],
    ]);
    expect('runtime' in rows[2]!).toBe(false);
  });

  it('the 95 % half-width of each mean, null under two measured repetitions', () => {
    const [row] = aggregate([run(100, 10, 20), run(104, 10, 22), run(98, 10, 24)]);
    // throughput [100, 104, 98]: 0.07794601655516642; p50 constant: 0;
    // p99 [20, 22, 24]: 0.25424539197675244.
    expect(row!.halfWidth95!.throughput).toBeCloseTo(0.07794601655516642, 6);
    expect(row!.halfWidth95!.p50).toBe(0);
    expect(row!.halfWidth95!.p99).toBeCloseTo(0.25424539197675244, 6);
    const [single] = aggregate([run(100, 10, 20)]);
    expect(single!.halfWidth95).toEqual({ p50: null, p99: null, throughput: null });
  });

  it('errors of every run are summed by code, failed runs included', () => {
    const errors = (e: Record<string, number>, failed: number) => ({ total: 10, ok: 10 - failed, failed, errors: e });
    const [row] = aggregate([
      run(100, 10, 20, { requests: errors({ ECONNRESET: 2 }, 2) }),
      run(100, 10, 20, { requests: errors({ ECONNRESET: 3, REFUSED_STREAM: 1 }, 4) }),
      run(0, 0, 0, { status: 'error', error: { code: 'X', message: 'x' }, requests: errors({ ECONNRESET: 5 }, 5) }),
    ]);
    expect(row!.requests).toEqual({ total: 30, ok: 19, failed: 11, errors: { ECONNRESET: 10, REFUSED_STREAM: 1 } });
    expect(row!.repetitions).toBe(2);
  });
});

describe('dominantProtocol', () => {
  it('the key with most connections wins wherever it comes in the runs', () => {
    expect(dominantProtocol([{ 'http/1.1': 1 }, { h2: 9 }])).toBe('h2');
    expect(dominantProtocol([{ none: 1, h2: 4 }, { h2: 5 }])).toBe('h2');
  });
});

describe('worstHalfWidth', () => {
  it('the largest known half-width; null when none is known or the row predates them', () => {
    expect(worstHalfWidth({ halfWidth95: { p50: 0.02, p99: 0.05, throughput: 0.01 } })).toBe(0.05);
    expect(worstHalfWidth({ halfWidth95: { p50: null, p99: 0.03, throughput: null } })).toBe(0.03);
    expect(worstHalfWidth({ halfWidth95: { p50: 0, p99: null, throughput: null } })).toBe(0);
    expect(worstHalfWidth({ halfWidth95: { p50: null, p99: null, throughput: null } })).toBeNull();
    expect(worstHalfWidth({})).toBeNull();
  });
});

describe('withReferenceRatios', () => {
  const row = (scenario: string, strategy: string, mean: number, repetitions = 3): Aggregate => {
    const [a] = aggregate([run(mean, 10, 20, { scenario, strategy })]);
    return { ...a!, repetitions };
  };

  it("each strategy's mean throughput over h2load's in the same scenario", () => {
    const out = withReferenceRatios([row('burst', 'h2load', 4000), row('burst', 'a', 1000), row('seed', 'h2load', 500), row('seed', 'a', 1000)]);
    expect(out.map((a) => a.vsReference)).toEqual([undefined, 0.25, undefined, 2]);
  });

  it('no ratio without a measured reference, for the reference itself, or for a row that did not measure', () => {
    const none = withReferenceRatios([row('burst', 'a', 1000), row('seed', 'h2load', 500)]);
    expect(none.map((a) => 'vsReference' in a)).toEqual([false, false]);
    const unmeasured = withReferenceRatios([row('burst', 'h2load', 4000, 0), row('burst', 'a', 1000)]);
    expect('vsReference' in unmeasured[1]!).toBe(false);
    const zero = withReferenceRatios([row('burst', 'h2load', 0), row('burst', 'a', 1000)]);
    expect('vsReference' in zero[1]!).toBe(false);
    const rowNotMeasured = withReferenceRatios([row('burst', 'h2load', 4000), row('burst', 'a', 1000, 0)]);
    expect('vsReference' in rowNotMeasured[1]!).toBe(false);
  });
});

describe('ratioWithUncertainty with a negative mean', () => {
  it('the uncertainty is a size: positive even when the ratio is negative', () => {
    const r = ratioWithUncertainty({ mean: -4, stdev: 0.4 }, { mean: 2, stdev: 0.2 });
    expect(r.ratio).toBe(-2);
    expect(r.uncertainty).toBeCloseTo(2 * Math.sqrt(0.02), 12);
  });
});

describe('LatencyRecorder limits', () => {
  it('an infinite latency is refused like a negative one', () => {
    const r = new LatencyRecorder();
    expect(() => r.record(Infinity)).toThrow('latency must be a finite number >= 0 ms, got Infinity');
    expect(r.count).toBe(0);
  });

  it('anything above one hour is recorded as one hour', () => {
    const r = new LatencyRecorder();
    r.record(2 * 3_600_000);
    r.record(10);
    const s = r.summary();
    expect(s.max).toBe(3_600_000);
    expect(s.min).toBe(10);
  });

  it('one value recorded ten times: every figure is that value, stdev 0 (HDR mean and percentiles clamped to it)', () => {
    // 21.183 ms sits near the top of its 16 µs bucket (HDR mean would be its midpoint,
    // 21.176), 25.123 ms near the bottom of its bucket (HDR mean 25.128).
    for (const ms of [21.183, 25.123]) {
      const r = new LatencyRecorder();
      for (let i = 0; i < 10; i++) r.record(ms);
      expect(r.summary()).toEqual({ min: ms, mean: ms, stdev: 0, p50: ms, p90: ms, p99: ms, p999: ms, max: ms });
    }
  });
});
