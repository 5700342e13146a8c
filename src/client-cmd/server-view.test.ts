import { describe, expect, it } from 'vitest';
import type { ServerConnection, ServerLedgerSnapshot, ServerRequest } from '../targets/server-ledger.js';
import { describeServerLedger, summaryFromServerLedger, traceFromServerLedger } from './server-view.js';

const conn = (id: number, acceptedAt: number, over: Partial<ServerConnection> = {}): ServerConnection => ({
  id, acceptedAt, tls: 'full', alpn: 'h2', requests: 0, peakInFlight: 0, goawaysSent: 0, resets: 0, ...over,
});
const req = (c: number, onConn: number, start: number, end: number, concurrent = 1): ServerRequest => ({
  conn: c, onConn, path: `/ping/5?n=${start}`, start, end, status: 200, concurrent,
});

describe('the server ledger as the rules input', () => {
  it('cold = connections accepted before the concurrency-th request arrived; failed handshakes are not opened', () => {
    const ledger: ServerLedgerSnapshot = {
      connections: [
        conn(1, 0, { requests: 2, peakInFlight: 1 }),
        conn(2, 1, { requests: 1, peakInFlight: 1 }),
        conn(3, 2, { tls: 'failed', alpn: '' }),
        conn(4, 50, { tls: 'resumed', requests: 1, peakInFlight: 1 }),
      ],
      requests: [req(1, 1, 5, 15), req(2, 1, 6, 16), req(1, 2, 20, 30), req(4, 1, 55, 60)],
      maxConcurrentStreams: 128,
    };
    const s = summaryFromServerLedger(ledger, 2);
    expect(s.opened).toBe(3);
    expect(s.cold).toEqual({ opened: 2, tlsFull: 2, tlsResumed: 0, alpn: { h2: 2 } });
    expect(s.warm).toEqual({ opened: 1, tlsFull: 0, tlsResumed: 1, alpn: { h2: 1 } });
    expect(s.requestsPerConnection).toEqual([2, 1, 1]);
    expect(s.remoteMaxConcurrentStreams).toBe(128);
    expect(describeServerLedger(ledger)).toBe(
      '3 connections, 2 full TLS handshakes + 1 resumed, ALPN h2, 4 requests, at most 1 in flight on one connection, 1 connection never finished TLS',
    );
  });

  it('names the counts of the original report: 3 connections, no ALPN', () => {
    const ledger: ServerLedgerSnapshot = {
      connections: [1, 2, 3].map((i) => conn(i, i, { alpn: 'none', requests: 1, peakInFlight: 1 })),
      requests: [1, 2, 3].map((i) => req(i, 1, 10 + i, 20 + i)),
      maxConcurrentStreams: null,
    };
    expect(describeServerLedger(ledger)).toBe('3 connections, 3 full TLS handshakes, no ALPN (HTTP/1.1), 3 requests, at most 1 in flight on one connection');
    const trace = traceFromServerLedger(ledger, 3);
    expect(trace.requests.map((r) => [r.id, r.round, r.conn, r.requestOnConn])).toEqual([[1, 0, 1, 1], [2, 0, 2, 1], [3, 0, 3, 1]]);
    expect(trace.connections.map((c) => [c.id, c.createdAt, c.alpn])).toEqual([[1, 1, 'none'], [2, 2, 'none'], [3, 3, 'none']]);
  });
});
