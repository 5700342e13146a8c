/**
 * The phase breakdown of every run, without keeping every request's trace. The
 * TraceCollector keeps a record per request for the whole case (fine for `trace` and
 * `--trace-file`, but 2 million requests would hold ~1 GB); this listener keeps a record
 * only while its request is in flight (the ledger's own in-flight record), and folds each finished request into a sample:
 * exact (every request) up to SAMPLE_SIZE per group, a uniform reservoir sample of that
 * size beyond, so memory stays flat in the request count. Below the sample size the
 * result equals `phaseBreakdown(collector.snapshot())`; above it, p50/p99 are estimates
 * from 8192 requests per group (`requests` stays the exact count).
 */
import type { ConnectionLedger, RequestInFlight } from '../ledger/ledger.js';
import type { PhaseBreakdown } from '../results.js';
import { PhaseHistogramSet } from './phase-histograms.js';
import { columnStats, requestPhases, type RequestPhases } from './phases.js';

export const SAMPLE_SIZE = 8192;

/** A uniform reservoir (Algorithm R) of four columns; a fixed-seed generator keeps runs reproducible. */
class PhaseSample {
  seen = 0;
  private readonly connect = new Float64Array(SAMPLE_SIZE);
  private readonly tls = new Float64Array(SAMPLE_SIZE);
  private readonly ttfb = new Float64Array(SAMPLE_SIZE);
  private readonly total = new Float64Array(SAMPLE_SIZE);
  private random = 0x9e3779b9;

  add(p: RequestPhases): void {
    let slot = this.seen;
    this.seen += 1;
    if (slot >= SAMPLE_SIZE) {
      // xorshift32: cheap, and good enough to pick reservoir slots.
      this.random ^= this.random << 13;
      this.random ^= this.random >>> 17;
      this.random ^= this.random << 5;
      slot = (this.random >>> 0) % this.seen;
      if (slot >= SAMPLE_SIZE) return;
    }
    this.connect[slot] = p.connectMs;
    this.tls[slot] = p.tlsMs;
    this.ttfb[slot] = p.ttfbMs;
    this.total[slot] = p.totalMs;
  }

  stats(): ReturnType<typeof columnStats> {
    const n = Math.min(this.seen, SAMPLE_SIZE);
    return columnStats(this.seen, {
      connect: this.connect.subarray(0, n),
      tls: this.tls.subarray(0, n),
      ttfb: this.ttfb.subarray(0, n),
      total: this.total.subarray(0, n),
    });
  }
}

export class PhaseRecorder {
  private readonly newConnection = new PhaseSample();
  private readonly reused = new PhaseSample();
  /** Every request, not a sample: what the results file carries for exact merges. */
  readonly histograms = new PhaseHistogramSet();
  private ok = 0;

  constructor(ledger: ConnectionLedger) {
    // The ledger keeps each request's record while it is in flight and hands it over when
    // it ends: no event objects and no map of our own on the hot path.
    ledger.onRequestDone((r) => this.done(r));
  }

  private done(r: RequestInFlight): void {
    if (r.error !== undefined) return;
    this.ok += 1;
    const phases = requestPhases(r, r.record);
    if (phases) {
      (phases.newConnection ? this.newConnection : this.reused).add(phases);
      this.histograms.add(phases);
    }
  }

  breakdown(): PhaseBreakdown {
    return {
      newConnection: this.newConnection.stats(),
      reused: this.reused.stats(),
      uncorrelated: this.ok - this.newConnection.seen - this.reused.seen,
    };
  }
}
