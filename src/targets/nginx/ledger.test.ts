import { describe, expect, it } from 'vitest';
import { parseAccessLogLine } from './access-log.js';
import { ledgerFromAccessLog } from './ledger.js';

const lines = [
  // $connection $connection_requests $http2 $ssl_session_reused $ssl_alpn_protocol $server_port $status $msec $request_time
  '7 1 h2 . h2 8443 200 1000.020 0.010',
  '7 2 h2 . h2 8443 200 1000.022 0.011',
  '9 1 - r http/1.1 8443 499 1000.030 0.005',
].map((l) => parseAccessLogLine(l)).filter((l) => l !== undefined);

describe('nginx ledger from its access log', () => {
  it('one connection per $connection, requests on it with start = end - duration, unlogged accepts listed as unknown', () => {
    const ledger = ledgerFromAccessLog(lines, 3, { maxConcurrentStreams: 128, keepaliveRequests: 2 });
    expect(ledger.connections.map((c) => [c.id, c.tls, c.alpn, c.requests, c.peakInFlight, c.goawaysSent, c.resets])).toEqual([
      [1, 'full', 'h2', 2, 2, 1, 0],
      [2, 'resumed', 'http/1.1', 1, 1, 0, 1],
      [3, 'unknown', '', 0, 0, 0, 0],
    ]);
    expect(ledger.requests.map((r) => [r.conn, r.onConn, Math.round(r.start), Math.round(r.end ?? 0), r.concurrent])).toEqual([
      [1, 1, 1000010, 1000020, 1],
      [1, 2, 1000011, 1000022, 2],
      [2, 1, 1000025, 1000030, 1],
    ]);
    expect(ledger.maxConcurrentStreams).toBe(128);
  });
});
