/**
 * What the rules say, beyond their severity: the ok and warn messages the boundary tests
 * leave unread, the fix of each failing branch, every rule's help line, and the facts
 * about the target the downgrade rule relies on. Counts are written out by hand on one
 * h2 case of concurrency 10 (1 connection, 50 requests), as in rule-boundaries.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CaseResult, ServerCounts } from '../results.js';
import { diagnose, rules } from './registry.js';
import { targetFacts } from './target-facts.js';

import { C, ONE, PER_REQUEST, POOL, base, counts, verdictOf, withConnections } from '../../test/support/rule-case.js';

describe('help lines', () => {
  it('every rule has a one-line summary of its own', () => {
    const summaries = rules.map((r) => r.summary);
    for (const s of summaries) {
      expect(s.length).toBeGreaterThan(20);
      expect(s).not.toContain('\n');
    }
    expect(new Set(summaries).size).toBe(summaries.length);
  });
});

describe('cold-burst-fan-out messages', () => {
  const cold = (n: number): CaseResult => withConnections({ ...counts(n), cold: counts(n), requestsPerConnection: Array.from({ length: n }, () => 50 / n) });

  it('a pool with more connections than requests in flight: the warning and where to look', () => {
    const v = verdictOf(cold(C + 1), 'cold-burst-fan-out', POOL);
    expect(v).toEqual({
      rule: 'cold-burst-fan-out',
      severity: 'warn',
      message: '10 concurrent requests opened 11 connections on the cold round (11 full TLS handshakes): more connections than requests in flight',
      fix: 'find what dials without a request waiting (a pre-connect, an ALPN probe)',
    });
  });

  it('connection-per-request: by design, said so', () => {
    expect(verdictOf(cold(C), 'cold-burst-fan-out', PER_REQUEST).message).toBe(
      '10 concurrent requests opened 10 connections on the cold round (10 full TLS handshakes), one per request by design',
    );
  });
});

describe('serialized-multiplexing messages', () => {
  const serial = (patch: Partial<CaseResult['connections']> = {}): CaseResult =>
    withConnections({ maxConcurrentStreams: 1, requestsPerConnection: [5], ...patch });

  it('the ok message names the peak and the concurrency', () => {
    expect(verdictOf(base(), 'serialized-multiplexing').message).toBe('peak 10 streams in flight on one connection at concurrency 10');
    expect(verdictOf(withConnections({ maxConcurrentStreams: 1 }, { concurrency: 1 }), 'serialized-multiplexing').message).toBe(
      'peak 1 stream in flight on one connection at concurrency 1',
    );
  });

  it("a server limit of 1: the warning says it is the server's", () => {
    expect(verdictOf(serial({ remoteMaxConcurrentStreams: 1 }), 'serialized-multiplexing').message).toBe(
      '1 h2 connection carried 5 requests but never more than 1 stream at a time, at concurrency 10: requests waited in line instead of multiplexing; the server allows only 1 concurrent stream (SETTINGS_MAX_CONCURRENT_STREAMS 1)',
    );
  });

  it('undici gets the pipelining fix with the concurrency', () => {
    expect(verdictOf(serial(), 'serialized-multiplexing', { ...ONE, library: 'undici' }).fix).toBe(
      'new Agent({ allowH2: true, connections: 1, pipelining: 10 }): with the default pipelining: 1, undici sends one HTTP/2 request at a time on a connection',
    );
  });
});

describe('unused-connection messages', () => {
  it('none unused: said so, no fix', () => {
    expect(verdictOf(base(), 'unused-connection')).toEqual({ rule: 'unused-connection', severity: 'ok', message: 'every connection carried a request', fix: '' });
  });
});

describe('reconnect-on-goaway messages', () => {
  const goaway = (n: number, codes: Record<string, number>, errors: Record<string, number> = {}): CaseResult =>
    withConnections(
      { ...counts(1 + n), goaways: n, goawayCodes: codes },
      { requests: { total: 50, ok: 50, failed: Object.values(errors).reduce((a, b) => a + b, 0), errors } },
    );

  it('several error codes are listed, comma-separated, and counted together', () => {
    const v = verdictOf(goaway(3, { INTERNAL_ERROR: 1, ENHANCE_YOUR_CALM: 2 }), 'reconnect-on-goaway');
    expect(v.message).toBe(
      'the server closed 3 connections with an error GOAWAY (INTERNAL_ERROR ×1, ENHANCE_YOUR_CALM ×2), not a graceful limit; 0 requests failed with it; the client opened 4 connections in all',
    );
  });

  it('requests lost to a graceful GOAWAY: the fix is to reconnect and retry', () => {
    const v = verdictOf(goaway(1, { NO_ERROR: 1 }, { ERR_HTTP2_GOAWAY_SESSION: 2 }), 'reconnect-on-goaway');
    expect(v.severity).toBe('fail');
    expect(v.fix).toBe(
      'open a new connection when a session is closing (the goaway event, or session.closed) instead of sending on it; retry requests above the GOAWAY last-stream-id',
    );
  });

  it('a graceful GOAWAY that lost nothing: the fix names the requests per connection', () => {
    expect(verdictOf(goaway(1, { NO_ERROR: 1 }), 'reconnect-on-goaway').fix).toMatch(/^the server ends each connection after about 25 requests with GOAWAY/);
  });
});

describe('downgrade without a connection', () => {
  it('no connection: ok, nothing to judge, whatever is known of the origin', () => {
    const none = withConnections({ ...counts(0), requestsPerConnection: [], maxConcurrentStreams: 0 });
    for (const speaksH2 of [true, false, null]) {
      const v = diagnose({ result: none, strategy: ONE, target: { speaksH2 } }).find((x) => x.rule === 'downgrade');
      expect(v?.message, String(speaksH2)).toBe('no connection was opened');
      expect(v?.severity, String(speaksH2)).toBe('ok');
    }
  });
});

describe('targetFacts', () => {
  const run = (alpn: Record<string, number>, serverAlpn?: Record<string, number>): CaseResult => {
    const b = base();
    const server: ServerCounts | null = serverAlpn === undefined ? null : { accepted: 1, tlsFull: 1, tlsResumed: 0, alpn: serverAlpn, maxConcurrentStreams: 1, requestsByProtocol: {} };
    return { ...b, connections: { ...b.connections, alpn, server } };
  };

  it('the local server always speaks h2, even when no case negotiated it', () => {
    // And it says whether it closes idle connections (null: it keeps them; --server-keepalive-timeout sets it).
    expect(targetFacts('local', [])).toEqual({ speaksH2: true, keepAliveTimeoutMs: null });
    expect(targetFacts('local', [run({ 'http/1.1': 1 })])).toEqual({ speaksH2: true, keepAliveTimeoutMs: null });
  });

  it('another target speaks h2 once any case negotiated it, on the client side or the server side', () => {
    expect(targetFacts('url', [run({ 'http/1.1': 1 }), run({ h2: 1 })])).toEqual({ speaksH2: true });
    expect(targetFacts('nginx', [run({ none: 1 }, { h2: 2 })])).toEqual({ speaksH2: true });
  });

  it('without such a case nobody knows: null, not false', () => {
    expect(targetFacts('url', [])).toEqual({ speaksH2: null });
    expect(targetFacts('url', [run({ 'http/1.1': 3 }), run({ h2: 0 }, { 'http/1.1': 1, h2: 0 })])).toEqual({ speaksH2: null });
  });
});
