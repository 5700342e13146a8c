/**
 * Every measured case carries its latency distributions whole (CaseResult.histograms): the
 * encoded histograms are the same requests as the summaries next to them. Real runs
 * against the real local ping server: the rounds shape (with phases), the sustained shape,
 * and open-loop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../index.js';
import type { CaseResult } from '../results.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { PhaseHistogramSet } from '../trace/phase-histograms.js';

function histogramsOf(r: CaseResult): NonNullable<CaseResult['histograms']> {
  expect(r.status).toBe('ok');
  expect(r.histograms).toBeDefined();
  return r.histograms!;
}

describe('histograms in results', () => {
  it('a rounds case: latency, cold latency and phases decode to the summaries and request counts of the case', async () => {
    const results = await run({ scenario: 'burst', strategies: 'http2-session-per-request', quick: true, concurrency: '6', 'no-write': true, stdout: () => {} });
    const r = results.runs[0]!;
    const h = histogramsOf(r);
    const warm = LatencyRecorder.decode(h.latency);
    const cold = LatencyRecorder.decode(h.coldLatency);
    // Exact to the microsecond, given the exact extremes (a decoded histogram has them only to their bucket).
    expect(warm.summary(r.latencyMs)).toEqual(r.latencyMs);
    expect(cold.summary(r.coldLatencyMs)).toEqual(r.coldLatencyMs);
    // Every successful request is in one of the two: the cold round, or a measured round
    // (warm-up rounds are recorded in neither).
    expect(cold.count).toBe(6);
    expect(warm.count).toBeGreaterThanOrEqual(6 * 3);
    expect(warm.count % 6).toBe(0);
    // The phases: every successful request, in its group (here every request opens its own connection).
    const phases = PhaseHistogramSet.decode(h.phases!);
    expect(phases.newConnection.stats().requests).toBe(r.phasesMs!.newConnection.requests);
    expect(phases.reused.stats().requests).toBe(r.phasesMs!.reused.requests);
    expect(phases.newConnection.stats().requests).toBe(r.requests.ok);
    // Connect and TLS are real, non-zero phases of a new connection's first request.
    expect(phases.newConnection.stats().tls.p50).toBeGreaterThan(0);
  });

  it('a sustained case and an open-loop case carry theirs', async () => {
    const sustained = await run({ scenario: 'throughput', strategies: 'http2-single-session', quick: true, concurrency: '4', 'no-write': true, stdout: () => {} });
    const s = sustained.runs[0]!;
    expect(LatencyRecorder.decode(histogramsOf(s).latency).summary(s.latencyMs)).toEqual(s.latencyMs);
    const phases = PhaseHistogramSet.decode(histogramsOf(s).phases!);
    // One session: one request paid for the connection, every other reused it.
    expect(phases.newConnection.stats().requests).toBe(1);
    expect(phases.reused.stats().requests).toBe(s.phasesMs!.reused.requests);
    expect(phases.newConnection.stats().requests + phases.reused.stats().requests).toBe(s.requests.ok - s.phasesMs!.uncorrelated);
    expect(phases.reused.stats().connect).toEqual({ p50: 0, p99: 0 });
    // Their zeros are recorded (counted, then added in one call), one per request.
    expect(phases.reused.connect.count).toBe(phases.reused.total.count);
    expect(phases.reused.tls.count).toBe(phases.reused.total.count);

    const open = await run({ scenario: 'seed', strategies: 'http2-single-session', rate: '50', duration: '1', 'no-write': true, stdout: () => {} });
    const o = open.runs[0]!;
    const h = histogramsOf(o);
    const corrected = o.openLoop!.correctedLatencyMs;
    const uncorrected = o.openLoop!.uncorrectedLatencyMs;
    expect(LatencyRecorder.decode(h.latency).summary(corrected)).toEqual(corrected);
    expect(LatencyRecorder.decode(h.uncorrectedLatency!).summary(uncorrected)).toEqual(uncorrected);
    expect(LatencyRecorder.decode(h.latency).count).toBe(o.requests.ok);
  });

  it('a traced case (--trace-file) takes its phase histograms from the trace', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'muxbench-histograms-'));
    try {
      const traced = await run({ scenario: 'seed', strategies: 'http2-single-session', quick: true, 'trace-file': path.join(dir, 't.ndjson'), 'no-write': true, stdout: () => {} });
      const r = traced.runs[0]!;
      const phases = PhaseHistogramSet.decode(histogramsOf(r).phases!);
      expect(phases.newConnection.stats().requests).toBe(r.phasesMs!.newConnection.requests);
      expect(phases.reused.stats().requests).toBe(r.phasesMs!.reused.requests);
      expect(phases.newConnection.stats().requests + phases.reused.stats().requests).toBe(r.requests.ok - r.phasesMs!.uncorrelated);
      expect(phases.reused.stats().requests).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
