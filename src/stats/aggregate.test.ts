import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../results.js';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { aggregate, dominantProtocol } from './aggregate.js';

describe('aggregate', () => {
  // Computed inside each test, not while the file is collected: mutation testing maps a
  // test to the code it runs only for code run inside the test.
  const aggregates = () => aggregate(fixtureResults().runs);

  it('groups by (scenario, strategy) in first-seen order', () => {
    expect(aggregates().map((a) => `${a.scenario}/${a.strategy}`)).toEqual([
      'seed/http2-single-session',
      'seed/undici-h2',
      'seed/https-keepalive',
      'burst/http2-single-session',
      'burst/undici-h2',
      'burst/https-keepalive',
    ]);
  });

  it('computes mean ± sample stdev over repetitions', () => {
    const h2 = aggregates()[3]!;
    expect(h2.repetitions).toBe(2);
    expect(h2.throughputRps.mean).toBe(5951);
    // two values: stdev = |a - b| / sqrt(2)
    expect(h2.throughputRps.stdev).toBeCloseTo(122 / Math.SQRT2, 10);
    expect(h2.latencyMs.p50.mean).toBeCloseTo(14.4, 10);
    expect(h2.latencyMs.p50.stdev).toBeCloseTo(0.4 / Math.SQRT2, 10);
    expect(h2.latencyMs.p99.mean).toBeCloseTo(23.35, 10);
    expect(h2.latencyMs.max).toBe(26.4);
    expect(h2.requests).toEqual({ total: 2200, ok: 2188, failed: 12, errors: { REFUSED_STREAM: 12 } });
  });

  it('reports connection ranges, peak streams and protocol', () => {
    const [seedH2, seedUndici, seedKeepalive] = aggregates();
    expect(seedH2!.connections).toEqual({
      cold: { mean: 1, min: 1, max: 1 },
      warm: { mean: 0, min: 0, max: 0 },
      tlsFull: { mean: 1, min: 1, max: 1 },
      tlsResumed: { mean: 0, min: 0, max: 0 },
      maxConcurrentStreams: 3,
      protocol: 'h2',
    });
    expect(seedUndici!.connections.cold).toEqual({ mean: 2.5, min: 2, max: 3 });
    expect(seedUndici!.connections.maxConcurrentStreams).toBe(2);
    expect(seedKeepalive!.connections).toEqual({
      cold: { mean: 3, min: 3, max: 3 },
      warm: { mean: 0.5, min: 0, max: 1 },
      tlsFull: { mean: 3, min: 3, max: 3 },
      tlsResumed: { mean: 0.5, min: 0, max: 1 },
      maxConcurrentStreams: 1,
      protocol: 'none', // raw ALPN key; writers show it as http/1.1
    });
  });

  it('keeps failed cases out of the means but counts their requests', () => {
    const runs = fixtureResults().runs.filter((r) => r.scenario === 'burst' && r.strategy === 'undici-h2');
    const broken: CaseResult = {
      ...runs[1]!,
      status: 'error',
      error: { code: 'ECONNRESET', message: 'socket hang up' },
      throughputRps: 0,
      requests: { total: 100, ok: 40, failed: 60, errors: { ECONNRESET: 60 } },
    };
    const [agg] = aggregate([runs[0]!, broken]);
    expect(agg!.repetitions).toBe(1);
    expect(agg!.throughputRps).toEqual({ mean: 2710, stdev: 0 });
    expect(agg!.requests).toEqual({ total: 1200, ok: 1140, failed: 60, errors: { ECONNRESET: 60 } });
  });
});

describe('dominantProtocol', () => {
  it('names the key with most connections, mixed below 90 %', () => {
    expect(dominantProtocol([{ h2: 9 }, { 'http/1.1': 1 }])).toBe('h2');
    expect(dominantProtocol([{ h2: 8, 'http/1.1': 2 }])).toBe('mixed');
    expect(dominantProtocol([{ cleartext: 4 }])).toBe('cleartext');
    expect(dominantProtocol([{}, { h2: 0 }])).toBe('n/a');
  });
});
