/**
 * The phase breakdown of every run, without keeping every request's trace. The
 * TraceCollector keeps a record per request for the whole case (fine for `trace` and
 * `--trace-file`, but 2 million requests would hold ~1 GB); this listener keeps a record
 * only while its request is in flight, and folds each finished request into a sample:
 * exact (every request) up to SAMPLE_SIZE per group, a uniform reservoir sample of that
 * size beyond, so memory stays flat in the request count. Below the sample size the
 * result equals `phaseBreakdown(collector.snapshot())`; above it, p50/p99 are estimates
 * from 8192 requests per group (`requests` stays the exact count).
 */
import type { ConnectionLedger, LedgerEvent } from '../ledger/ledger.js';
import type { PhaseBreakdown } from '../results.js';
import type { RequestTrace } from './collector.js';
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
  private readonly inFlight = new Map<number, RequestTrace>();
  private readonly newConnection = new PhaseSample();
  private readonly reused = new PhaseSample();
  private ok = 0;

  constructor(private readonly ledger: ConnectionLedger) {
    ledger.onEvent((event) => this.on(event));
  }

  private on(event: LedgerEvent): void {
    switch (event.type) {
      case 'request-start':
        this.inFlight.set(event.request, { id: event.request, round: event.round, path: event.path, start: event.at });
        break;
      case 'stream-open': {
        const r = event.request !== undefined ? this.inFlight.get(event.request) : undefined;
        if (!r) break;
        // As the collector: a retried request's last stream is the one that served it.
        r.conn = event.conn;
        r.requestOnConn = event.requestOnConn;
        break;
      }
      case 'first-byte': {
        const r = this.inFlight.get(event.request);
        if (r && r.firstByteAt === undefined) r.firstByteAt = event.at;
        break;
      }
      case 'request-end': {
        const r = this.inFlight.get(event.request);
        if (!r) break;
        this.inFlight.delete(event.request);
        if (event.error !== undefined) break;
        r.end = event.at;
        this.ok += 1;
        // Connection ids are 1-based positions in the ledger; its record has the fields requestPhases reads.
        const conn = r.conn !== undefined ? this.ledger.connections[r.conn - 1] : undefined;
        const phases = requestPhases(r, conn);
        if (phases) (phases.newConnection ? this.newConnection : this.reused).add(phases);
        break;
      }
      case 'wrote-headers':
      case 'stream-refused':
      case 'connect-start':
      case 'connect-done':
      case 'tls-done':
      case 'connect-error':
      case 'stream-close':
      case 'goaway':
      case 'remote-settings':
      case 'closed':
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown ledger event ${JSON.stringify(exhaustive)}`);
      }
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
