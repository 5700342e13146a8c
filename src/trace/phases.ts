/**
 * The phase breakdown of a case: for every successful request, how much of its time
 * went to TCP connect, to the TLS handshake, to waiting for the first response byte,
 * and in total; split between requests that were first on a new connection and those
 * that reused one. Connect and TLS are clipped to the request's own window (from its
 * start to its first byte), so connect + TLS <= time to first byte <= total always holds.
 */
import type { PhaseBreakdown, PhasePercentiles, PhaseStats } from '../results.js';
import type { CaseTrace, ConnectionTrace, RequestTrace } from './collector.js';
import { PhaseHistogramSet } from './phase-histograms.js';

export interface RequestPhases {
  request: number;
  newConnection: boolean;
  connectMs: number;
  tlsMs: number;
  ttfbMs: number;
  totalMs: number;
}

/** Length of [a0, a1] ∩ [b0, b1]; 0 when they do not meet. */
function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** The phases of one request, or undefined when it failed or was not tied to a connection. */
/** What requestPhases reads of a request and of its connection (a trace's records, or the ledger's own). */
type PhaseInput = Pick<RequestTrace, 'id' | 'start' | 'end' | 'error' | 'requestOnConn' | 'firstByteAt'>;
type PhaseConnection = Pick<ConnectionTrace, 'createdAt' | 'connectedAt' | 'secureAt'>;

export function requestPhases(r: PhaseInput, conn: PhaseConnection | undefined): RequestPhases | undefined {
  if (r.error !== undefined || r.end === undefined || conn === undefined || r.requestOnConn === undefined) return undefined;
  const firstByte = Math.min(r.firstByteAt ?? r.end, r.end);
  const newConnection = r.requestOnConn === 1;
  let connectMs = 0;
  let tlsMs = 0;
  if (newConnection && conn.connectedAt !== undefined) {
    connectMs = overlap(conn.createdAt, conn.connectedAt, r.start, firstByte);
    if (conn.secureAt !== undefined) tlsMs = overlap(conn.connectedAt, conn.secureAt, r.start, firstByte);
  }
  return { request: r.id, newConnection, connectMs, tlsMs, ttfbMs: firstByte - r.start, totalMs: r.end - r.start };
}

export function allRequestPhases(trace: CaseTrace): RequestPhases[] {
  const conns = new Map(trace.connections.map((c) => [c.id, c]));
  return trace.requests.flatMap((r) => {
    const phases = requestPhases(r, r.conn !== undefined ? conns.get(r.conn) : undefined);
    return phases ? [phases] : [];
  });
}

/** Nearest-rank percentile of an ascending array; 0 for none. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

function percentiles(values: number[]): PhasePercentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

function stats(group: RequestPhases[]): PhaseStats {
  return columnStats(group.length, {
    connect: group.map((p) => p.connectMs),
    tls: group.map((p) => p.tlsMs),
    ttfb: group.map((p) => p.ttfbMs),
    total: group.map((p) => p.totalMs),
  });
}

/** A group's stats from one column per phase (all columns the same length), e.g. a sample of the group. */
export function columnStats(
  requests: number,
  columns: Record<'connect' | 'tls' | 'ttfb' | 'total', ArrayLike<number>>,
): PhaseStats {
  const p = (values: ArrayLike<number>): PhasePercentiles => percentiles(Array.from(values));
  return { requests, connect: p(columns.connect), tls: p(columns.tls), ttfb: p(columns.ttfb), total: p(columns.total) };
}

/** Every request's phases of a trace as HDR histograms (what PhaseRecorder keeps without one). */
export function phaseHistograms(trace: CaseTrace): PhaseHistogramSet {
  const set = new PhaseHistogramSet();
  for (const p of allRequestPhases(trace)) set.add(p);
  return set;
}

export function phaseBreakdown(trace: CaseTrace): PhaseBreakdown {
  const phases = allRequestPhases(trace);
  const ok = trace.requests.filter((r) => r.error === undefined && r.end !== undefined).length;
  return {
    newConnection: stats(phases.filter((p) => p.newConnection)),
    reused: stats(phases.filter((p) => !p.newConnection)),
    uncorrelated: ok - phases.length,
  };
}
