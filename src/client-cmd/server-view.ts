/**
 * The server's ledger of one external client's run, turned into the same inputs the
 * in-process strategies produce: a LedgerSummary (what every diagnosis rule reads), a
 * CaseMeasurement (requests, latency) and a CaseTrace (what `trace` draws). The rules
 * then judge curl or a Java program exactly as they judge undici, with no second path.
 *
 * Rounds: an external client has none we can see, so the cold "round" is the first
 * `concurrency` requests the server received, and the cold connections are the ones
 * accepted before the last of those requests arrived; everything later is warm.
 * Connections that never finished TLS are not counted as opened (the client never got a
 * usable connection from them); they are listed in the description instead.
 *
 * A long case's ledger keeps records of its first requests only and a summary of the rest
 * (server-ledger.ts): counts, errors and latency include the summary exactly; the cold
 * round comes from the records (it is the first requests); the trace draws the records
 * only, and describeServerLedger says the rest are summarised.
 */
import type { ConnectionRecord, LedgerSummary } from '../ledger/ledger.js';
import type { ConnectionCounts, ScenarioInfo } from '../results.js';
import type { CaseMeasurement } from '../runner-kinds/protocol.js';
import { LatencyRecorder } from '../stats/histogram.js';
import { requestCount, requestError, type ServerConnection, type ServerLedgerSnapshot, type ServerRequest } from '../targets/server-ledger.js';
import type { CaseTrace, ConnectionTrace, RequestTrace } from '../trace/collector.js';
import { definedOnly } from '../defined.js';

const established = (c: ServerConnection): boolean => c.tls !== 'failed' && c.tls !== 'pending' && c.earlier !== true;

/** Requests in arrival order. */
function byStart(ledger: ServerLedgerSnapshot): ServerRequest[] {
  return [...ledger.requests].sort((a, b) => a.start - b.start);
}

/** When the cold round ends: the arrival of its last request (+∞ when fewer requests came). */
function coldCutoff(ledger: ServerLedgerSnapshot, concurrency: number): number {
  const requests = byStart(ledger);
  return requests.length >= concurrency ? (requests[concurrency - 1]?.start ?? Infinity) : Infinity;
}

function countsOf(connections: readonly ServerConnection[]): ConnectionCounts {
  const alpn: Record<string, number> = {};
  for (const c of connections) alpn[c.alpn || 'none'] = (alpn[c.alpn || 'none'] ?? 0) + 1;
  return {
    opened: connections.length,
    tlsFull: connections.filter((c) => c.tls === 'full').length,
    tlsResumed: connections.filter((c) => c.tls === 'resumed').length,
    alpn,
  };
}

export function summaryFromServerLedger(ledger: ServerLedgerSnapshot, concurrency: number): LedgerSummary {
  const opened = ledger.connections.filter(established);
  const cutoff = coldCutoff(ledger, concurrency);
  const goaways = opened.filter((c) => c.goawaysSent > 0).length;
  return {
    ...countsOf(opened),
    maxConcurrentStreams: Math.max(0, ...opened.map((c) => c.peakInFlight)),
    requestsPerConnection: opened.map((c) => c.requests),
    unused: opened.filter((c) => c.requests === 0).length,
    cold: countsOf(opened.filter((c) => c.acceptedAt <= cutoff)),
    warm: countsOf(opened.filter((c) => c.acceptedAt > cutoff)),
    goaways,
    // The servers here send GOAWAY only as a graceful limit (NO_ERROR).
    goawayCodes: goaways > 0 ? { NO_ERROR: goaways } : {},
    // A server does not refuse streams below its own limit; above it, nghttp2 refuses
    // them without telling the application, so the server cannot count them.
    refusedStreams: 0,
    remoteMaxConcurrentStreams: ledger.maxConcurrentStreams,
    ...failureAttribution(ledger),
  };
}

/**
 * The server's view of the failures: a request its connection carried after the server
 * sent GOAWAY on it (the server does not record when, so: any GOAWAY on the connection),
 * and a request that was not the first on its connection, with the idle time since the
 * connection's previous request ended.
 */
function failureAttribution(ledger: ServerLedgerSnapshot): Pick<LedgerSummary, 'failuresAfterGoaway' | 'failuresOnReused' | 'failuresOnReusedCodes' | 'failuresOnReusedIdleMs'> {
  const goawayConns = new Set(ledger.connections.filter((c) => c.goawaysSent > 0).map((c) => c.id));
  const lastEnd = new Map<number, number>();
  const summary = ledger.summarised;
  let failuresAfterGoaway = ledger.connections.reduce((n, c) => n + (c.goawaysSent > 0 ? (c.summarisedFailed ?? 0) : 0), 0);
  let failuresOnReused = summary?.failuresOnReused ?? 0;
  const failuresOnReusedCodes: Record<string, number> = { ...summary?.failuresOnReusedCodes };
  const failuresOnReusedIdleMs: number[] = [...(summary?.failuresOnReusedIdleMs ?? [])];
  for (const r of byStart(ledger)) {
    const error = requestError(r);
    if (error !== undefined) {
      if (goawayConns.has(r.conn)) failuresAfterGoaway += 1;
      if (r.onConn > 1) {
        failuresOnReused += 1;
        failuresOnReusedCodes[error] = (failuresOnReusedCodes[error] ?? 0) + 1;
        const idle = r.concurrent > 1 ? 0 : r.start - (lastEnd.get(r.conn) ?? r.start);
        if (failuresOnReusedIdleMs.length < 1000) failuresOnReusedIdleMs.push(Math.round(Math.max(0, idle) * 10) / 10);
      }
    }
    if (r.end !== undefined) lastEnd.set(r.conn, Math.max(lastEnd.get(r.conn) ?? 0, r.end));
  }
  return { failuresAfterGoaway, failuresOnReused, failuresOnReusedCodes, failuresOnReusedIdleMs };
}

/**
 * Requests and latency from the server's side: each request's time from its arrival to
 * the end of its response (it excludes connect, TLS and the client's own queueing), and
 * throughput over the command's wall time (which includes the program's start-up).
 */
export function measurementFromServerLedger(ledger: ServerLedgerSnapshot, scenario: ScenarioInfo, wallMs: number): CaseMeasurement {
  const requests = byStart(ledger);
  const summary = ledger.summarised;
  const errors: Record<string, number> = { ...summary?.errors };
  if (summary && summary.inFlight > 0) errors.UNFINISHED = (errors.UNFINISHED ?? 0) + summary.inFlight;
  const all = summary ? LatencyRecorder.decode(summary.durationsMs) : new LatencyRecorder();
  const cold = new LatencyRecorder();
  requests.forEach((r, i) => {
    const error = requestError(r);
    if (error !== undefined) {
      errors[error] = (errors[error] ?? 0) + 1;
      return;
    }
    const ms = (r.end ?? r.start) - r.start;
    all.record(ms);
    if (i < scenario.concurrency) cold.record(ms);
  });
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  const coldRequests = requests.slice(0, scenario.concurrency);
  const coldEnd = Math.max(0, ...coldRequests.map((r) => r.end ?? r.start));
  const total = requestCount(ledger);
  return {
    requests: { total, ok: total - failed, failed, errors },
    ledger: summaryFromServerLedger(ledger, scenario.concurrency),
    latencyMs: all.summary(),
    coldLatencyMs: cold.summary(),
    coldRoundMs: coldRequests.length > 0 ? coldEnd - (coldRequests[0]?.start ?? 0) : 0,
    throughputRps: wallMs > 0 ? ((total - failed) * 1000) / wallMs : 0,
    rounds: { samples: 1, warmupRounds: 0, meanMs: wallMs, rmePercent: 0 },
    durationMs: wallMs,
    histograms: { latency: all.encode(), coldLatency: cold.encode() },
  };
}

const traceTls = (tls: ServerConnection['tls']): ConnectionRecord['tls'] => (tls === 'unknown' ? 'pending' : tls);

/**
 * The server's view as a CaseTrace: accept times stand where a client trace has dial times.
 * Only the recorded requests are drawn; a summarised ledger's later ones are in its counts.
 */
export function traceFromServerLedger(ledger: ServerLedgerSnapshot, concurrency: number): CaseTrace {
  const requests: RequestTrace[] = byStart(ledger).map((r, i) => {
    const error = requestError(r);
    return {
      id: i + 1,
      round: Math.floor(i / Math.max(1, concurrency)),
      path: r.path,
      start: r.start,
      ...definedOnly({ end: r.end, error }),
      conn: r.conn,
      requestOnConn: r.onConn,
      gotConnAt: r.start,
      concurrent: r.concurrent,
      wasIdle: false,
      idleMs: 0,
    };
  });
  const connections: ConnectionTrace[] = ledger.connections.map((c) => ({
    id: c.id,
    createdAt: c.acceptedAt,
    connectedAt: c.acceptedAt,
    ...definedOnly({ secureAt: c.secureAt, closedAt: c.closedAt }),
    transport: c.tls === 'none' ? 'tcp' : 'tls',
    tls: traceTls(c.tls),
    alpn: c.alpn || 'none',
    requests: c.requests,
    peakInFlight: c.peakInFlight,
    ...(c.tls === 'failed' ? { error: 'TLS handshake not completed' } : {}),
  }));
  return { requests, connections };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function alpnText(alpn: Record<string, number>): string {
  const names = Object.keys(alpn);
  const one = (name: string): string =>
    name === 'none' ? 'no ALPN (HTTP/1.1)' : name === 'cleartext' ? 'cleartext HTTP/1.1' : name === 'h2c' ? 'h2c (prior knowledge)' : `ALPN ${name}`;
  if (names.length === 1 && names[0] !== undefined) return one(names[0]);
  return names.map((n) => `${one(n)} ×${alpn[n]}`).join(', ');
}

/** One line of counts, e.g. "3 connections, 3 full TLS handshakes, no ALPN (HTTP/1.1), 3 requests, at most 1 in flight on one connection". */
export function describeServerLedger(ledger: ServerLedgerSnapshot): string {
  const opened = ledger.connections.filter(established);
  const counts = countsOf(opened);
  const parts = [plural(counts.opened, 'connection')];
  if (opened.some((c) => c.tls !== 'none')) {
    parts.push(`${plural(counts.tlsFull, 'full TLS handshake')}${counts.tlsResumed > 0 ? ` + ${counts.tlsResumed} resumed` : ''}`);
  }
  if (counts.opened > 0) parts.push(alpnText(counts.alpn));
  parts.push(plural(requestCount(ledger), 'request'));
  if (ledger.summarised) parts.push(`requests after the first ${ledger.requests.length} summarised (counts and latency exact, no per-request records)`);
  if (counts.opened > 0) parts.push(`at most ${opened.reduce((m, c) => Math.max(m, c.peakInFlight), 0)} in flight on one connection`);
  const failedTls = ledger.connections.filter((c) => c.tls === 'failed' || c.tls === 'pending').length;
  if (failedTls > 0) parts.push(`${plural(failedTls, 'connection')} never finished TLS`);
  const unused = opened.filter((c) => c.requests === 0).length;
  if (unused > 0) parts.push(`${unused} carried no request`);
  const goaways = opened.reduce((n, c) => n + c.goawaysSent, 0);
  if (goaways > 0) parts.push(`${plural(goaways, 'GOAWAY')} sent`);
  const resets = opened.reduce((n, c) => n + c.resets, 0);
  if (resets > 0) parts.push(`${plural(resets, 'stream')} reset`);
  const earlier = ledger.connections.filter((c) => c.earlier).length;
  if (earlier > 0) parts.push(`${plural(earlier, 'connection')} from before still in use`);
  return parts.join(', ');
}
