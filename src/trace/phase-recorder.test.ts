/**
 * The phase recorder of every run against the trace collector's breakdown: the same
 * numbers while the run is small, exact request counts and bounded samples when large.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionLedger } from '../ledger/ledger.js';
import { TraceCollector } from './collector.js';
import { PhaseRecorder, SAMPLE_SIZE } from './phase-recorder.js';
import { phaseBreakdown } from './phases.js';

/** Drives a ledger the way the tap and the workload do, on a clock we set. */
function simulate(requests: number, perConnection: number): { recorder: PhaseRecorder; collector: TraceCollector } {
  let t = 0;
  const ledger = new ConnectionLedger(() => t);
  const collector = new TraceCollector(ledger);
  const recorder = new PhaseRecorder(ledger);
  let conn = ledger.track({}, 'tls');
  for (let id = 1; id <= requests; id++) {
    t += 1;
    ledger.requestStarted(id, id <= 3 ? 0 : 1, `/ping/0?muxbench=${id}`);
    if ((id - 1) % perConnection === 0) {
      if (id > 1) conn = ledger.track({}, 'tls');
      t += 2 + (id % 5);
      ledger.connected(conn);
      t += 3 + (id % 7);
      ledger.secured(conn, false, 'h2');
    }
    const close = ledger.streamOpened(conn, id);
    t += 0.5 + (id % 11) / 10;
    ledger.firstByte(id);
    t += 0.25;
    close();
    // Every 13th request fails: neither group counts it.
    ledger.requestEnded(id, id % 13 === 0 ? 'ECONNRESET' : undefined);
  }
  return { recorder, collector };
}

describe('PhaseRecorder', () => {
  it('equals the trace collector’s breakdown below the sample size', () => {
    const { recorder, collector } = simulate(600, 50);
    const expected = phaseBreakdown(collector.snapshot());
    expect(expected.newConnection.requests).toBeGreaterThan(0);
    expect(expected.reused.requests).toBeGreaterThan(0);
    expect(recorder.breakdown()).toEqual(expected);
  });

  it('keeps exact counts, and percentiles within the observed range, beyond the sample size', () => {
    const n = SAMPLE_SIZE * 3;
    const { recorder, collector } = simulate(n, n);
    const got = recorder.breakdown();
    const exact = phaseBreakdown(collector.snapshot());
    expect(got.reused.requests).toBe(exact.reused.requests);
    expect(got.newConnection).toEqual(exact.newConnection);
    expect(got.uncorrelated).toBe(0);
    // TTFB of a reused request is 0.5…1.5 ms by construction: the sample's p50/p99 stay inside.
    expect(got.reused.ttfb.p50).toBeGreaterThanOrEqual(0.5);
    expect(got.reused.ttfb.p99).toBeLessThanOrEqual(1.5);
    expect(Math.abs(got.reused.ttfb.p50 - exact.reused.ttfb.p50)).toBeLessThanOrEqual(0.1);
  });
});
