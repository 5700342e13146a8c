/**
 * nginx's own record of every request: which connection carried it ($connection is a
 * serial number, unique across workers), whether that connection's TLS session was
 * resumed, its ALPN, and its start and end time. Folded into ServerCounts per case.
 */
import type { ServerCounts } from '../../results.js';

/** Space-separated; nginx writes '-' for an empty variable. */
export const ACCESS_LOG_FORMAT =
  '$connection $connection_requests $http2 $ssl_session_reused $ssl_alpn_protocol $server_port $status $msec $request_time';

export interface AccessLogLine {
  connection: number;
  connectionRequests: number;
  /** 'h2' (TLS), 'h2c' (cleartext) or '-' (HTTP/1.x). */
  http2: string;
  /** 'r' resumed, '.' full handshake, '-' no TLS. */
  sslSessionReused: string;
  alpn: string;
  serverPort: number;
  status: number;
  /** Request end, seconds since the epoch with ms resolution. */
  endS: number;
  durationS: number;
}

export function parseAccessLogLine(line: string): AccessLogLine | undefined {
  const f = line.trim().split(' ');
  if (f.length !== 9) return undefined;
  const [connection, requests, http2, reused, alpn, port, status, msec, requestTime] = f as [string, string, string, string, string, string, string, string, string];
  const line_: AccessLogLine = {
    connection: Number(connection),
    connectionRequests: Number(requests),
    http2,
    sslSessionReused: reused,
    alpn,
    serverPort: Number(port),
    status: Number(status),
    endS: Number(msec),
    durationS: Number(requestTime),
  };
  return Number.isFinite(line_.connection) && Number.isFinite(line_.endS) ? line_ : undefined;
}

/** Distinct connections and per-connection facts from the log lines of one case. */
export function countsFromAccessLog(lines: readonly AccessLogLine[], accepted: number): ServerCounts {
  const counts: ServerCounts = { accepted, tlsFull: 0, tlsResumed: 0, requestsByProtocol: {}, alpn: {}, maxConcurrentStreams: 0 };
  const byConnection = new Map<number, AccessLogLine[]>();
  for (const line of lines) {
    const protocol = line.http2 === 'h2' || line.http2 === 'h2c' ? 'h2' : 'http/1.1';
    counts.requestsByProtocol[protocol] = (counts.requestsByProtocol[protocol] ?? 0) + 1;
    const list = byConnection.get(line.connection);
    if (list) list.push(line);
    else byConnection.set(line.connection, [line]);
  }
  for (const list of byConnection.values()) {
    const first = list[0];
    if (!first) continue;
    if (first.sslSessionReused === 'r') counts.tlsResumed++;
    else if (first.sslSessionReused === '.') counts.tlsFull++;
    const alpn = first.sslSessionReused === '-' ? (first.http2 === 'h2c' ? 'h2c' : 'cleartext') : first.alpn === '-' ? 'none' : first.alpn;
    counts.alpn[alpn] = (counts.alpn[alpn] ?? 0) + 1;
    counts.maxConcurrentStreams = Math.max(counts.maxConcurrentStreams, peakOverlap(list));
  }
  counts.loggedConnections = byConnection.size;
  return counts;
}

/**
 * Most requests of one connection in progress at once, from [end - duration, end]
 * intervals. nginx logs times in whole milliseconds, so this is accurate to about a
 * millisecond: requests that touch at an instant are not counted as overlapping.
 */
function peakOverlap(lines: readonly AccessLogLine[]): number {
  const events: Array<[number, number]> = [];
  for (const l of lines) {
    const endMs = Math.round(l.endS * 1000);
    const startMs = endMs - Math.round(l.durationS * 1000);
    events.push([startMs, 1], [endMs, -1]);
  }
  // Ends before starts at the same millisecond.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, delta] of events) {
    now += delta;
    peak = Math.max(peak, now);
  }
  return peak;
}
