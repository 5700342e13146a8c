/**
 * nginx's per-connection ledger, rebuilt from its access log (one line per request:
 * `$connection`, TLS resumption, ALPN, end time and duration) and stub_status (accepted
 * connections). What the log cannot show is stated here rather than guessed:
 * - a connection's accept time is its first request's start (nginx logs no accept);
 * - connections that carried no request (never finished TLS, or an idle probe) are only
 *   a count (stub_status accepted minus logged), listed with TLS `unknown`;
 * - nginx closes an h2 connection with GOAWAY after `keepalive_requests` requests, so a
 *   connection that carried exactly that many is counted as one GOAWAY sent;
 * - status 499 (the client closed the stream before the answer) counts as a reset.
 */
import type { ServerConnection, ServerLedgerSnapshot, ServerRequest } from '../server-ledger.js';
import type { AccessLogLine } from './access-log.js';

export function ledgerFromAccessLog(
  lines: readonly AccessLogLine[],
  accepted: number,
  limits: { maxConcurrentStreams: number; keepaliveRequests: number },
): ServerLedgerSnapshot {
  const timed = lines.map((line) => {
    const end = line.endS * 1000;
    return { line, start: end - line.durationS * 1000, end };
  });
  timed.sort((a, b) => a.start - b.start || a.end - b.end);
  const byConnection = new Map<number, typeof timed>();
  for (const t of timed) {
    const list = byConnection.get(t.line.connection);
    if (list) list.push(t);
    else byConnection.set(t.line.connection, [t]);
  }
  const connections: ServerConnection[] = [];
  const requests: ServerRequest[] = [];
  for (const list of byConnection.values()) {
    const first = list[0];
    if (!first) continue;
    const id = connections.length + 1;
    const reused = first.line.sslSessionReused;
    const tls = reused === 'r' ? 'resumed' : reused === '.' ? 'full' : 'none';
    const alpn = reused === '-' ? (first.line.http2 === 'h2c' ? 'h2c' : 'cleartext') : first.line.alpn === '-' ? 'none' : first.line.alpn;
    let peak = 0;
    list.forEach((t, i) => {
      // In flight when this one started: earlier requests of the connection not yet ended (ms resolution).
      const concurrent = 1 + list.slice(0, i).filter((o) => o.end > t.start).length;
      peak = Math.max(peak, concurrent);
      requests.push({ conn: id, onConn: i + 1, path: '', start: t.start, end: t.end, status: t.line.status, concurrent });
    });
    connections.push({
      id,
      acceptedAt: first.start,
      ...(tls !== 'none' ? { secureAt: first.start } : {}),
      tls,
      alpn,
      requests: list.length,
      peakInFlight: peak,
      goawaysSent: list.length >= limits.keepaliveRequests && first.line.http2 !== '-' ? 1 : 0,
      resets: list.filter((t) => t.line.status === 499).length,
    });
  }
  const lastEnd = Math.max(0, ...timed.map((t) => t.end));
  for (let i = connections.length; i < accepted; i++) {
    connections.push({ id: i + 1, acceptedAt: lastEnd, tls: 'unknown', alpn: '', requests: 0, peakInFlight: 0, goawaysSent: 0, resets: 0 });
  }
  requests.sort((a, b) => a.start - b.start);
  return { connections, requests, maxConcurrentStreams: limits.maxConcurrentStreams };
}
