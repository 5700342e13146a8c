/**
 * The ledger's bookkeeping on its own, with a clock the test controls: what it counts
 * and what it leaves out (dials that never connected, failed handshakes), peaks, idle
 * times, and the events a trace is built from. The tap and real sockets are tested
 * against real servers in tap.test.ts, handshakes.test.ts and track.test.ts; here a
 * socket is only a key, which is all the ledger uses it for.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionLedger, http2ErrorName } from './ledger.js';

import { clocked } from '../../test/support/clocked-ledger.js';

describe('connections', () => {
  it('tracks a socket once, numbering connections from 1 in the phase they were asked for', () => {
    const { ledger, events, at } = clocked();
    const a = {};
    const b = {};
    at(5);
    const ra = ledger.track(a, 'tls');
    expect(ledger.track(a, 'tcp')).toBe(ra);
    ledger.phase = 'warm';
    const rb = ledger.track(b, 'tcp');
    expect([ra.id, rb.id]).toEqual([1, 2]);
    expect(ra).toMatchObject({ createdAt: 5, phase: 'cold', transport: 'tls', tls: 'pending', alpn: 'none', requests: 0, inFlight: 0, peakInFlight: 0 });
    expect(rb).toMatchObject({ phase: 'warm', transport: 'tcp', tls: 'none', alpn: 'cleartext' });
    expect(ledger.recordOf(a)).toBe(ra);
    expect(ledger.recordOf({})).toBeUndefined();
    expect(events).toEqual([
      { type: 'connect-start', at: 5, conn: 1, transport: 'tls' },
      { type: 'connect-start', at: 5, conn: 2, transport: 'tcp' },
    ]);
  });

  it('an alias is the same connection', () => {
    const { ledger } = clocked();
    const r = ledger.track({}, 'tcp');
    const tlsSocket = {};
    ledger.alias(tlsSocket, r);
    expect(ledger.recordOf(tlsSocket)).toBe(r);
    expect(ledger.connections).toHaveLength(1);
  });

  it('counts only connections that connected: a refused dial is no connection', () => {
    const { ledger, events, at } = clocked();
    const refused = ledger.track({}, 'tls');
    const ok = ledger.track({}, 'tls');
    at(3);
    ledger.failed(refused, 'ECONNREFUSED');
    ledger.connected(ok);
    at(4);
    ledger.connected(ok);
    ledger.secured(ok, false, 'h2');
    expect(refused.tls).toBe('failed');
    expect(ok.connectedAt).toBe(3);
    expect(ledger.summary()).toMatchObject({ opened: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 }, requestsPerConnection: [0], unused: 1 });
    expect(events.filter((e) => e.type !== 'connect-start')).toEqual([
      { type: 'connect-error', at: 3, conn: 1, code: 'ECONNREFUSED' },
      { type: 'connect-done', at: 3, conn: 2 },
      { type: 'tls-done', at: 4, conn: 2, resumed: false, alpn: 'h2' },
    ]);
  });

  it('secured: full or resumed, the ALPN (none when absent), once; it implies connected', () => {
    const { ledger, at } = clocked();
    const sockets = [{}, {}, {}, {}];
    const [full, resumed, noAlpn, emptyAlpn] = sockets.map((s) => ledger.track(s, 'tls')) as [
      ReturnType<ConnectionLedger['track']>, ReturnType<ConnectionLedger['track']>, ReturnType<ConnectionLedger['track']>, ReturnType<ConnectionLedger['track']>,
    ];
    at(7);
    ledger.secured(full, false, 'h2');
    ledger.secured(resumed, true, 'http/1.1');
    ledger.secured(noAlpn, false, false);
    ledger.secured(emptyAlpn, false, '');
    at(9);
    ledger.secured(full, true, 'http/1.1');
    expect(full).toMatchObject({ tls: 'full', alpn: 'h2', secureAt: 7, connectedAt: 7 });
    expect(resumed.tls).toBe('resumed');
    expect([noAlpn.alpn, emptyAlpn.alpn]).toEqual(['none', 'none']);
    expect(ledger.summary()).toMatchObject({ opened: 4, tlsFull: 3, tlsResumed: 1, alpn: { h2: 1, 'http/1.1': 1, none: 2 } });
  });

  it('a peer alert before any request fails the handshake; after requests, or another error, it does not', () => {
    const { ledger } = clocked();
    const [rejected, used, reset] = [{}, {}, {}].map((s) => ledger.track(s, 'tls'));
    for (const r of [rejected!, used!, reset!]) ledger.secured(r, false, 'h2');
    ledger.streamOpened(used!)();
    ledger.failed(rejected!, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    ledger.failed(used!, 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE');
    ledger.failed(reset!, 'ECONNRESET');
    expect([rejected!.tls, used!.tls, reset!.tls]).toEqual(['failed', 'full', 'full']);
    expect(ledger.summary()).toMatchObject({ opened: 3, tlsFull: 2, alpn: { h2: 2 } });
    const other = ledger.track({}, 'tls');
    ledger.secured(other, false, 'h2');
    ledger.failed(other, 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    expect(other.tls).toBe('failed');
    const notAnAlert = ledger.track({}, 'tls');
    ledger.secured(notAnAlert, false, 'h2');
    ledger.failed(notAnAlert, 'ERR_SSL_WRONG_VERSION_NUMBER');
    expect(notAnAlert.tls).toBe('full');
  });

  it('markH2c: only a cleartext connection becomes h2c', () => {
    const { ledger } = clocked();
    const tcp = ledger.track({}, 'tcp');
    const tls = ledger.track({}, 'tls');
    ledger.secured(tls, false, 'h2');
    ledger.markH2c(tcp);
    ledger.markH2c(tls);
    expect([tcp.alpn, tls.alpn]).toEqual(['h2c', 'h2']);
  });

  it('closed: once, with its time', () => {
    const { ledger, events, at } = clocked();
    const r = ledger.track({}, 'tcp');
    at(2);
    ledger.closed(r);
    at(3);
    ledger.closed(r);
    expect(r.closedAt).toBe(2);
    expect(events.filter((e) => e.type === 'closed')).toEqual([{ type: 'closed', at: 2, conn: 1 }]);
  });
});

describe('streams', () => {
  it('counts requests, in flight and the peak after the increment; done is idempotent', () => {
    const { ledger, events, at } = clocked();
    const r = ledger.track({}, 'tcp');
    ledger.connected(r);
    at(10);
    const d1 = ledger.streamOpened(r, 1);
    const d2 = ledger.streamOpened(r);
    expect(r).toMatchObject({ requests: 2, inFlight: 2, peakInFlight: 2 });
    at(15);
    d1();
    d1();
    expect(r.inFlight).toBe(1);
    expect(r.idleSince).toBeUndefined();
    at(20);
    d2();
    expect(r).toMatchObject({ inFlight: 0, idleSince: 20 });
    at(32);
    const d3 = ledger.streamOpened(r, 3);
    expect(r).toMatchObject({ requests: 3, inFlight: 1, peakInFlight: 2 });
    d3();
    const opens = events.filter((e) => e.type === 'stream-open');
    expect(opens).toEqual([
      { type: 'stream-open', at: 10, conn: 1, concurrent: 1, requestOnConn: 1, request: 1, wasIdle: false, idleMs: 0 },
      { type: 'stream-open', at: 10, conn: 1, concurrent: 2, requestOnConn: 2, wasIdle: false, idleMs: 0 },
      { type: 'stream-open', at: 32, conn: 1, concurrent: 1, requestOnConn: 3, request: 3, wasIdle: true, idleMs: 12 },
    ]);
    expect(events.filter((e) => e.type === 'stream-close')).toEqual([
      { type: 'stream-close', at: 15, conn: 1, request: 1 },
      { type: 'stream-close', at: 20, conn: 1 },
      { type: 'stream-close', at: 32, conn: 1, request: 3 },
    ]);
    expect(ledger.summary()).toMatchObject({ maxConcurrentStreams: 2, requestsPerConnection: [3], unused: 0 });
  });

  it('refused streams, GOAWAY (first only) and the lowest stream limit', () => {
    const { ledger, events } = clocked();
    const [a, b, c] = [{}, {}, {}].map((s) => {
      const r = ledger.track(s, 'tls');
      ledger.secured(r, false, 'h2');
      return r;
    });
    ledger.streamRefused(a!, 4);
    ledger.streamRefused(a!);
    ledger.goaway(a!, 0);
    ledger.goaway(a!, 2);
    ledger.goaway(b!, 11);
    ledger.remoteSettings(a!, 100);
    ledger.remoteSettings(a!, 5);
    ledger.remoteSettings(b!, 10);
    ledger.remoteSettings(c!, undefined);
    expect(a!.goawayCode).toBe(0);
    expect(a!.remoteMaxConcurrentStreams).toBe(100);
    expect(c!.remoteMaxConcurrentStreams).toBeUndefined();
    expect(ledger.summary()).toMatchObject({ refusedStreams: 2, goaways: 2, goawayCodes: { NO_ERROR: 1, ENHANCE_YOUR_CALM: 1 }, remoteMaxConcurrentStreams: 10 });
    expect(events.filter((e) => e.type === 'stream-refused')).toEqual([
      { type: 'stream-refused', at: 0, conn: 1, request: 4 },
      { type: 'stream-refused', at: 0, conn: 1 },
    ]);
    expect(events.filter((e) => e.type === 'goaway').map((e) => e.type === 'goaway' && e.code)).toEqual([0, 11]);
    expect(events.filter((e) => e.type === 'remote-settings')).toHaveLength(2);
  });

  it('an empty ledger: zeros, and no stream limit known', () => {
    const { ledger } = clocked();
    expect(ledger.summary()).toEqual({
      opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {},
      maxConcurrentStreams: 0, requestsPerConnection: [], unused: 0,
      cold: { opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {} },
      warm: { opened: 0, tlsFull: 0, tlsResumed: 0, alpn: {} },
      goaways: 0, goawayCodes: {}, refusedStreams: 0, remoteMaxConcurrentStreams: null,
      failuresAfterGoaway: 0, failuresOnReused: 0, failuresOnReusedCodes: {}, failuresOnReusedIdleMs: [],
    });
  });

  it('cold and warm are split by the phase a connection was asked for', () => {
    const { ledger } = clocked();
    const cold = ledger.track({}, 'tls');
    ledger.phase = 'warm';
    const warm = ledger.track({}, 'tls');
    ledger.secured(cold, false, 'h2');
    ledger.secured(warm, true, 'h2');
    const s = ledger.summary();
    expect(s.cold).toEqual({ opened: 1, tlsFull: 1, tlsResumed: 0, alpn: { h2: 1 } });
    expect(s.warm).toEqual({ opened: 1, tlsFull: 0, tlsResumed: 1, alpn: { h2: 1 } });
  });
});

describe('request events', () => {
  it('start, headers, first byte and end carry the request id; an unknown id emits nothing', () => {
    const { ledger, events, at } = clocked();
    at(1);
    ledger.requestStarted(7, 0, '/ping/5?muxbench=7');
    at(2);
    ledger.wroteHeaders(7);
    ledger.wroteHeaders(undefined);
    at(3);
    ledger.firstByte(7);
    ledger.firstByte(undefined);
    at(4);
    ledger.requestEnded(7);
    ledger.requestEnded(8, 'ECONNRESET');
    expect(events).toEqual([
      { type: 'request-start', at: 1, request: 7, round: 0, path: '/ping/5?muxbench=7' },
      { type: 'wrote-headers', at: 2, request: 7 },
      { type: 'first-byte', at: 3, request: 7 },
      { type: 'request-end', at: 4, request: 7 },
      { type: 'request-end', at: 4, request: 8, error: 'ECONNRESET' },
    ]);
  });
});

describe('http2ErrorName', () => {
  it('names RFC 9113 codes and writes others in hex', () => {
    expect(http2ErrorName(0)).toBe('NO_ERROR');
    expect(http2ErrorName(7)).toBe('REFUSED_STREAM');
    expect(http2ErrorName(13)).toBe('HTTP_1_1_REQUIRED');
    expect(http2ErrorName(14)).toBe('0xe');
    expect(http2ErrorName(255)).toBe('0xff');
  });
});

describe('failure attribution (per connection)', () => {
  it('a failure after a GOAWAY on its connection counts whatever its code; one before it does not', () => {
    const { ledger, at } = clocked();
    const conn = ledger.track({}, 'tls');
    ledger.secured(conn, false, 'h2');
    at(1);
    ledger.streamOpened(conn, 1);
    ledger.streamOpened(conn, 2);
    ledger.streamOpened(conn, 3);
    at(2);
    ledger.requestEnded(1, 'UND_ERR_SOCKET');
    at(3);
    ledger.goaway(conn, 0);
    at(4);
    ledger.requestEnded(2, 'UND_ERR_INFO');
    ledger.requestEnded(3, 'UND_ERR_HEADERS_TIMEOUT');
    // Never reached a connection, failed after a GOAWAY of the case: counted too.
    ledger.requestEnded(4, 'ERR_HTTP2_GOAWAY_SESSION');
    // A success after the GOAWAY is no failure.
    ledger.requestEnded(5);
    expect(ledger.summary().failuresAfterGoaway).toBe(3);
    // Requests 2 and 3 went on a connection that had carried request 1, but failed after
    // its GOAWAY: they are the GOAWAY's, not the reused connection's.
    expect(ledger.summary().failuresOnReused).toBe(0);
  });

  it('a failure on a reused connection records its code and the idle time before it', () => {
    const { ledger, at } = clocked();
    const conn = ledger.track({}, 'tls');
    ledger.secured(conn, false, 'http/1.1');
    at(10);
    const first = ledger.streamOpened(conn, 1);
    at(12);
    first();
    ledger.requestEnded(1);
    at(312);
    ledger.streamOpened(conn, 2);
    at(313);
    ledger.requestEnded(2, 'ECONNRESET');
    // The first request of a fresh connection is not a reuse.
    const fresh = ledger.track({}, 'tls');
    ledger.streamOpened(fresh, 3);
    ledger.requestEnded(3, 'ECONNRESET');
    const s = ledger.summary();
    expect(s.failuresOnReused).toBe(1);
    expect(s.failuresOnReusedCodes).toEqual({ ECONNRESET: 1 });
    expect(s.failuresOnReusedIdleMs).toEqual([300]);
    expect(s.failuresAfterGoaway).toBe(0);
  });
});
