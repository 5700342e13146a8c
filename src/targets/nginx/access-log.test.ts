import { describe, expect, it } from 'vitest';
import { countsFromAccessLog, parseAccessLogLine } from './access-log.js';

const line = (conn: number, n: number, http2: string, reused: string, alpn: string, endS: number, durS: number): string =>
  `${conn} ${n} ${http2} ${reused} ${alpn} 8443 200 ${endS.toFixed(3)} ${durS.toFixed(3)}`;

describe('nginx access log', () => {
  it('parses one line of the muxbench log_format', () => {
    expect(parseAccessLogLine('17 3 h2 r h2 8443 200 1700000000.123 0.010')).toEqual({
      connection: 17,
      connectionRequests: 3,
      http2: 'h2',
      sslSessionReused: 'r',
      alpn: 'h2',
      serverPort: 8443,
      status: 200,
      endS: 1700000000.123,
      durationS: 0.01,
    });
    expect(parseAccessLogLine('garbage')).toBeUndefined();
  });

  it('folds lines into per-connection counts: handshakes, ALPN, protocol, peak overlap', () => {
    const lines = [
      // connection 1: h2, full handshake, three requests of which two overlap
      line(1, 1, 'h2', '.', 'h2', 100.01, 0.01),
      line(1, 2, 'h2', '.', 'h2', 100.015, 0.01),
      line(1, 3, 'h2', '.', 'h2', 100.03, 0.005),
      // connection 2: HTTP/1.1 without ALPN, resumed
      line(2, 1, '-', 'r', '-', 100.02, 0.005),
      // connection 3: h2c (no TLS)
      line(3, 1, 'h2c', '-', '-', 100.02, 0.005),
    ].map((l) => parseAccessLogLine(l));
    expect(countsFromAccessLog(lines.filter((l) => l !== undefined), 4)).toEqual({
      accepted: 4,
      tlsFull: 1,
      tlsResumed: 1,
      requestsByProtocol: { h2: 4, 'http/1.1': 1 },
      alpn: { h2: 1, none: 1, h2c: 1 },
      maxConcurrentStreams: 2,
      loggedConnections: 3,
    });
  });
});
