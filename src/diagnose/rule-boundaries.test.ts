/**
 * Every rule at its boundary: exactly the allowed number is ok, one more is not. The
 * counts are written out by hand on one case of concurrency 10 (an h2 case: 1
 * connection, 50 requests, 10 in flight at once), changed one field at a time.
 */
import { describe, expect, it } from 'vitest';
import type { CaseResult, StrategyInfo, Verdict } from '../results.js';
import { diagnose, rules } from './registry.js';
import { connectionsNeeded } from './types.js';

import { C, ONE, PER_REQUEST, POOL, base, counts, verdictOf, withConnections } from '../../test/support/rule-case.js';

const severity = (result: CaseResult, rule: string, strategy: StrategyInfo = ONE, speaksH2: boolean | null = true): string =>
  verdictOf(result, rule, strategy, speaksH2).severity;

describe('the base case passes every rule', () => {
  it('one verdict per rule, all ok, in registry order', () => {
    const verdicts = diagnose({ result: base(), strategy: ONE, target: { speaksH2: true } });
    // Written out, not read from the registry: a rule dropped from it, or listed twice,
    // must show here.
    const ids = [
      'downgrade',
      'cold-burst-fan-out',
      'connection-per-request',
      'serialized-multiplexing',
      'unused-connection',
      'refused-streams',
      'reconnect-on-goaway',
      'keepalive-race',
      'idle-connections-kept',
    ];
    expect(verdicts.map((v) => v.rule)).toEqual(ids);
    expect(rules.map((r) => r.id)).toEqual(ids);
    expect(verdicts.map((v) => v.severity)).toEqual(ids.map(() => 'ok'));
    expect(verdicts.map((v) => v.fix)).toEqual(ids.map(() => ''));
  });
});

describe('connectionsNeeded', () => {
  it('1 without a limit, or with a limit at or above the concurrency; ceil(C / limit) below it', () => {
    const needed = (limit: number | null | undefined): number => connectionsNeeded(withConnections({ remoteMaxConcurrentStreams: limit }));
    expect(needed(null)).toBe(1);
    expect(needed(undefined)).toBe(1);
    expect(needed(0)).toBe(1);
    expect(needed(C)).toBe(1);
    expect(needed(C + 1)).toBe(1);
    expect(needed(C - 1)).toBe(2);
    expect(needed(3)).toBe(4);
    expect(needed(1)).toBe(C);
  });
});

describe('cold-burst-fan-out', () => {
  const cold = (n: number, limit: number | null = null): CaseResult =>
    withConnections({ ...counts(n), cold: counts(n), requestsPerConnection: Array.from({ length: n }, () => 50 / n), remoteMaxConcurrentStreams: limit });

  it('one-connection: 1 is ok, 2 fails', () => {
    expect(severity(cold(1), 'cold-burst-fan-out')).toBe('ok');
    const v = verdictOf(cold(2), 'cold-burst-fan-out');
    expect(v.severity).toBe('fail');
    expect(v.message).toBe('10 concurrent requests opened 2 connections on the cold round (2 full TLS handshakes); one-connection expects 1');
    expect(v.fix).toBe('call http2.connect(origin) once and send every request as session.request() on that one session');
  });

  it('one-connection under a stream limit of 3: 4 connections are needed and ok, 5 fail', () => {
    const ok = verdictOf(cold(4, 3), 'cold-burst-fan-out');
    expect(ok.severity).toBe('ok');
    expect(ok.message).toBe(
      '10 concurrent requests opened 4 connections on the cold round (4 full TLS handshakes); up to 4 are needed (the server allows 3 streams per connection)',
    );
    const fail = verdictOf(cold(5, 3), 'cold-burst-fan-out');
    expect(fail.severity).toBe('fail');
    expect(fail.message).toBe('10 concurrent requests opened 5 connections on the cold round (5 full TLS handshakes); one-connection expects 4 (the server allows 3 streams per connection)');
  });

  it('pool: one per concurrent request is ok, one more warns', () => {
    expect(verdictOf(cold(C), 'cold-burst-fan-out', POOL).message).toBe(
      '10 concurrent requests opened 10 connections on the cold round (10 full TLS handshakes), at most one per request as a pool may',
    );
    expect(severity(cold(C), 'cold-burst-fan-out', POOL)).toBe('ok');
    expect(severity(cold(C + 1), 'cold-burst-fan-out', POOL)).toBe('warn');
  });

  it('connection-per-request: any number is by design', () => {
    expect(severity(cold(C + 5), 'cold-burst-fan-out', PER_REQUEST)).toBe('ok');
  });

  it('singular words for one of each', () => {
    expect(verdictOf(withConnections({}, { concurrency: 1 }), 'cold-burst-fan-out').message).toBe(
      '1 concurrent request opened 1 connection on the cold round (1 full TLS handshake)',
    );
  });
});

describe('connection-per-request', () => {
  const warm = (n: number, patch: Partial<CaseResult['connections']> = {}): CaseResult =>
    withConnections({ ...counts(1 + n), warm: counts(n, 'h2', n), requestsPerConnection: [10, ...Array.from({ length: n }, () => 40 / n)], ...patch });

  it('one-connection: 0 warm connections is ok, 1 fails', () => {
    const ok = verdictOf(warm(0), 'connection-per-request');
    expect(ok.severity).toBe('ok');
    expect(ok.message).toBe('warm rounds opened 0 new connections for 40 requests');
    const fail = verdictOf(warm(1), 'connection-per-request');
    expect(fail.severity).toBe('fail');
    expect(fail.message).toBe('warm rounds opened 1 new connection for 40 requests, 0 full TLS handshakes and 1 resumed');
  });

  it('pool: 1 warm connection warns', () => {
    expect(severity(warm(1), 'connection-per-request', POOL)).toBe('warn');
    expect(severity(warm(0), 'connection-per-request', POOL)).toBe('ok');
  });

  it('connection-per-request intent: warm connections are by design', () => {
    expect(severity(warm(5), 'connection-per-request', PER_REQUEST)).toBe('ok');
  });

  it('replacements for GOAWAYs are excused: as many as the GOAWAYs is ok, one more fails', () => {
    const ok = verdictOf(warm(2, { goaways: 2, goawayCodes: { NO_ERROR: 2 } }), 'connection-per-request');
    expect(ok.severity).toBe('ok');
    expect(ok.message).toBe('warm rounds opened 2 new connections for 40 requests (the server sent 2 GOAWAYs)');
    expect(severity(warm(3, { goaways: 2, goawayCodes: { NO_ERROR: 2 } }), 'connection-per-request')).toBe('fail');
  });

  it('a stream limit lets one-connection open what it still needs warm: cold 2 + warm 2 of 4 needed is ok, warm 3 fails', () => {
    const limited = (n: number): CaseResult =>
      withConnections({ ...counts(2 + n), cold: counts(2), warm: counts(n), remoteMaxConcurrentStreams: 3 });
    expect(severity(limited(2), 'connection-per-request')).toBe('ok');
    expect(severity(limited(3), 'connection-per-request')).toBe('fail');
    // A pool gets no such allowance.
    expect(severity(limited(1), 'connection-per-request', POOL)).toBe('warn');
  });

  it('warm requests never go below 0 (a case with fewer requests than the concurrency)', () => {
    expect(verdictOf(withConnections({}, { requests: { total: 4, ok: 4, failed: 0, errors: {} } }), 'connection-per-request').message).toBe(
      'warm rounds opened 0 new connections for 0 requests',
    );
  });
});

describe('downgrade', () => {
  const mixed = (h1: number): CaseResult => withConnections({ opened: 3, tlsFull: 3, alpn: { h2: 3 - h1, ...(h1 > 0 ? { 'http/1.1': h1 } : {}) } });

  it('one-connection: all h2 is ok, one HTTP/1.1 connection fails', () => {
    expect(verdictOf(mixed(0), 'downgrade').message).toBe('all 3 connections negotiated h2');
    expect(severity(mixed(0), 'downgrade')).toBe('ok');
    const v = verdictOf(mixed(1), 'downgrade');
    expect(v.severity).toBe('fail');
    expect(v.message).toBe('the origin speaks h2, but 1 of 3 connections negotiated HTTP/1.1: an HTTP/1.1 connection carries one request at a time, so it cannot multiplex');
  });

  it('h2c counts as h2; a single connection gets the singular message', () => {
    expect(verdictOf(withConnections({ alpn: { h2c: 1 } }), 'downgrade').message).toBe('the connection negotiated h2');
  });

  it('no ALPN is named; a pool may downgrade; an origin not known to speak h2 is not judged', () => {
    const noAlpn = withConnections({ alpn: { none: 1 } });
    expect(verdictOf(noAlpn, 'downgrade').message).toBe(
      'the origin speaks h2, but 1 of 1 connection negotiated HTTP/1.1 (1 sent no ALPN at all): an HTTP/1.1 connection carries one request at a time, so it cannot multiplex',
    );
    expect(verdictOf(noAlpn, 'downgrade', POOL).message).toBe('the origin speaks h2, but 1 of 1 connection negotiated HTTP/1.1 (1 sent no ALPN at all), as a pool strategy may');
    expect(severity(noAlpn, 'downgrade', POOL)).toBe('ok');
    expect(verdictOf(noAlpn, 'downgrade', ONE, false).message).toBe('the origin does not offer h2');
    expect(verdictOf(noAlpn, 'downgrade', ONE, null).message).toBe('unknown whether the origin offers h2');
    expect(severity(noAlpn, 'downgrade', ONE, null)).toBe('ok');
  });

  it('no connection at all is not a downgrade', () => {
    expect(verdictOf(withConnections({ opened: 0, alpn: {} }), 'downgrade').message).toBe('no connection was opened');
  });
});

describe('serialized-multiplexing', () => {
  const serial = (used: number, patch: Partial<CaseResult['connections']> = {}, rest: Partial<CaseResult> = {}): CaseResult =>
    withConnections({ ...counts(used), maxConcurrentStreams: 1, requestsPerConnection: Array.from({ length: used }, () => 5), ...patch }, rest);

  it('peak 1 on fewer connections than the concurrency fails; peak 2 is ok', () => {
    const v = verdictOf(serial(1), 'serialized-multiplexing');
    expect(v.severity).toBe('fail');
    expect(v.message).toBe('1 h2 connection carried 5 requests but never more than 1 stream at a time, at concurrency 10: requests waited in line instead of multiplexing');
    expect(severity(serial(1, { maxConcurrentStreams: 2 }), 'serialized-multiplexing')).toBe('ok');
  });

  it('C - 1 used connections with 1 stream each fails; C is fan-out, not serialization', () => {
    expect(severity(serial(C - 1), 'serialized-multiplexing')).toBe('fail');
    expect(severity(serial(C), 'serialized-multiplexing')).toBe('ok');
  });

  it('unused connections do not count as used', () => {
    const withUnused = serial(C, { requestsPerConnection: [...Array.from({ length: C - 1 }, () => 5), 0], unused: 1 });
    expect(severity(withUnused, 'serialized-multiplexing')).toBe('fail');
  });

  it('concurrency 1, a pool, HTTP/1.1 or no connection: the rule does not apply', () => {
    expect(severity(serial(1, {}, { concurrency: 1 }), 'serialized-multiplexing')).toBe('ok');
    expect(severity(serial(1), 'serialized-multiplexing', POOL)).toBe('ok');
    expect(severity(serial(1, { alpn: { 'http/1.1': 1 } }), 'serialized-multiplexing')).toBe('ok');
    expect(severity(serial(1, { alpn: { h2: 1, 'http/1.1': 1 }, opened: 2 }), 'serialized-multiplexing')).toBe('ok');
    expect(severity(withConnections({ ...counts(0), maxConcurrentStreams: 1, requestsPerConnection: [] }), 'serialized-multiplexing')).toBe('ok');
  });

  it("the server's limit of 1 makes it a warning, a limit of 2 does not", () => {
    const v = verdictOf(serial(1, { remoteMaxConcurrentStreams: 1 }), 'serialized-multiplexing');
    expect(v.severity).toBe('warn');
    expect(v.fix).toBe("raise the server's max concurrent streams");
    expect(severity(serial(1, { remoteMaxConcurrentStreams: 2 }), 'serialized-multiplexing')).toBe('fail');
  });
});

describe('unused-connection', () => {
  it('0 unused is ok, 1 warns with the count', () => {
    expect(severity(withConnections({ unused: 0 }), 'unused-connection')).toBe('ok');
    const v = verdictOf(withConnections({ ...counts(2), unused: 1, requestsPerConnection: [0, 50] }), 'unused-connection');
    expect(v.severity).toBe('warn');
    expect(v.message).toBe('1 of 2 connections carried no request: a TCP connect and TLS handshake spent for nothing');
  });
});

describe('refused-streams', () => {
  const refused = (n: number, limit: number | null): CaseResult =>
    withConnections({ refusedStreams: n, remoteMaxConcurrentStreams: limit }, { requests: { total: 50, ok: 50 - n, failed: n, errors: n > 0 ? { ERR_HTTP2_STREAM_ERROR: n } : {} } });

  it('0 refused is ok (naming the limit), 1 fails whatever the intent', () => {
    expect(verdictOf(refused(0, 5), 'refused-streams').message).toBe(
      'no stream was refused; the server allows 5 concurrent streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS)',
    );
    expect(verdictOf(refused(0, null), 'refused-streams').message).toBe('no stream was refused');
    expect(verdictOf(refused(0, 2 ** 31), 'refused-streams').message).toBe(
      'no stream was refused; the server sets no practical stream limit (SETTINGS_MAX_CONCURRENT_STREAMS 2147483648)',
    );
    expect(verdictOf(refused(0, 2 ** 31 - 1), 'refused-streams').message).toMatch(/allows 2147483647 concurrent streams/);
    expect(severity(refused(1, 5), 'refused-streams', PER_REQUEST)).toBe('fail');
  });

  it('a limit at the concurrency was never reached (the server sheds streams); one below it is the cause', () => {
    const at = verdictOf(refused(1, C), 'refused-streams');
    expect(at.message).toBe("1 stream refused with REFUSED_STREAM (1 request failed in all) although the server's limit (10) is above the concurrency (10)");
    expect(at.fix).toMatch(/^the server is shedding streams on its own/);
    const below = verdictOf(refused(1, C - 1), 'refused-streams');
    expect(below.message).toBe(
      '1 stream refused with REFUSED_STREAM (1 request failed in all) at concurrency 10: the server allows 9 concurrent streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS)',
    );
    expect(below.fix).not.toMatch(/shedding/);
    expect(verdictOf(refused(2, null), 'refused-streams').message).toBe('2 streams refused with REFUSED_STREAM (2 requests failed in all) at concurrency 10');
  });
});

describe('reconnect-on-goaway', () => {
  const goaway = (n: number, codes: Record<string, number>, errors: Record<string, number> = {}, rest: Partial<CaseResult> = {}): CaseResult =>
    withConnections(
      { ...counts(1 + n), goaways: n, goawayCodes: codes },
      { requests: { total: 50, ok: 50, failed: Object.values(errors).reduce((a, b) => a + b, 0), errors }, ...rest },
    );

  it('no GOAWAY is ok; one graceful GOAWAY warns with what it cost', () => {
    expect(verdictOf(goaway(0, {}), 'reconnect-on-goaway').message).toBe('the server sent no GOAWAY');
    const v = verdictOf(goaway(1, { NO_ERROR: 1 }), 'reconnect-on-goaway');
    expect(v.severity).toBe('warn');
    expect(v.message).toBe('the server sent GOAWAY on 1 connection; the client opened 2 connections in all (2 full TLS handshakes, 0 resumed), one per ~25 requests');
  });

  it('graceful GOAWAYs for a connection-per-request strategy are ok', () => {
    expect(severity(goaway(1, { NO_ERROR: 1 }), 'reconnect-on-goaway', PER_REQUEST)).toBe('ok');
  });

  it('0 requests lost to a graceful GOAWAY warns, 1 lost fails; errors that did not follow a GOAWAY are not counted as lost', () => {
    expect(severity(goaway(1, { NO_ERROR: 1 }, { ECONNRESET: 3 }), 'reconnect-on-goaway')).toBe('warn');
    const lost = verdictOf(goaway(1, { NO_ERROR: 1 }, { ERR_HTTP2_GOAWAY_SESSION: 1 }), 'reconnect-on-goaway');
    expect(lost.severity).toBe('fail');
    expect(lost.message).toMatch(/; 1 request failed after the GOAWAY \(ERR_HTTP2_GOAWAY_SESSION ×1\) instead of going to a new connection$/);
  });

  it('any failure that followed a GOAWAY on its connection is lost to it, whatever its code', () => {
    const after = (n: number): CaseResult => {
      const r = goaway(1, { NO_ERROR: 1 }, { UND_ERR_INFO: 2, UND_ERR_HEADERS_TIMEOUT: 1 });
      return { ...r, connections: { ...r.connections, failuresAfterGoaway: n } };
    };
    expect(severity(after(0), 'reconnect-on-goaway')).toBe('warn');
    const v = verdictOf(after(3), 'reconnect-on-goaway');
    expect(v.severity).toBe('fail');
    expect(v.message).toMatch(/; 3 requests failed after the GOAWAY \(UND_ERR_INFO ×2, UND_ERR_HEADERS_TIMEOUT ×1\) instead of going to a new connection$/);
    expect(verdictOf(after(1), 'reconnect-on-goaway').message).toMatch(/; 1 request failed after the GOAWAY/);
  });

  it('an error GOAWAY warns without lost requests and fails with one, whatever the intent', () => {
    const v = verdictOf(goaway(1, { INTERNAL_ERROR: 1 }), 'reconnect-on-goaway', PER_REQUEST);
    expect(v.severity).toBe('warn');
    expect(v.message).toBe(
      'the server closed 1 connection with an error GOAWAY (INTERNAL_ERROR ×1), not a graceful limit; 0 requests failed with it; the client opened 2 connections in all',
    );
    const failed = verdictOf(goaway(2, { NO_ERROR: 1, INTERNAL_ERROR: 1 }, { ERR_HTTP2_SESSION_ERROR: 2 }), 'reconnect-on-goaway');
    expect(failed.severity).toBe('fail');
    expect(failed.message).toBe(
      'the server closed 1 connection with an error GOAWAY (INTERNAL_ERROR ×1), not a graceful limit; 2 requests failed with it (ERR_HTTP2_SESSION_ERROR ×2); the client opened 3 connections in all',
    );
  });
});

describe('keepalive-race', () => {
  const H1: StrategyInfo = { id: 'x', label: 'x', library: 'undici', intent: 'pool' };
  const raced = (codes: Record<string, number>, idleMs: number[]): CaseResult => {
    const failed = Object.values(codes).reduce((a, b) => a + b, 0);
    return withConnections(
      { failuresOnReused: failed, failuresOnReusedCodes: codes, failuresOnReusedIdleMs: idleMs },
      { requests: { total: 50, ok: 50 - failed, failed, errors: codes } },
    );
  };
  const judge = (result: CaseResult, keepAliveTimeoutMs?: number): Verdict => {
    const v = diagnose({ result, strategy: H1, target: { speaksH2: true, ...(keepAliveTimeoutMs !== undefined ? { keepAliveTimeoutMs } : {}) } }).find(
      (x) => x.rule === 'keepalive-race',
    );
    if (!v) throw new Error('no keepalive-race verdict');
    return v;
  };

  it('no reset on a reused connection is ok; other codes on reused connections are not the race', () => {
    expect(judge(base(), 300).severity).toBe('ok');
    expect(judge(raced({ UND_ERR_HEADERS_TIMEOUT: 2 }, [300, 300]), 300).severity).toBe('ok');
  });

  it('a reset at idle ≥ 0.9 T fails and names undici keepAliveTimeout below the server; below 0.9 T only warns', () => {
    const v = judge(raced({ ECONNRESET: 1, UND_ERR_SOCKET: 1 }, [270, 301]), 300);
    expect(v.severity).toBe('fail');
    expect(v.message).toBe(
      '2 requests failed (ECONNRESET ×1, UND_ERR_SOCKET ×1) on reused connections after idling 270–301 ms; the server closes connections idle 300 ms: 2 requests went out on a connection as the server was closing it (the keep-alive race)',
    );
    expect(v.fix).toMatch(/^close idle connections before the server does: new Agent\({ keepAliveTimeout: 200 }\), below the server's 300 ms/);
    const early = judge(raced({ ECONNRESET: 1 }, [269]), 300);
    expect(early.severity).toBe('warn');
    expect(early.message).toMatch(/none near the server's keep-alive timeout \(300 ms\)/);
  });

  it('with the server timeout unknown it warns with the fix; with a server known to keep idle connections, it warns without', () => {
    expect(judge(raced({ ECONNRESET: 1 }, [1200])).severity).toBe('warn');
    expect(judge(raced({ ECONNRESET: 1 }, [1200])).fix).toMatch(/keepAliveTimeout: <a bit below the server's idle timeout>/);
    const v = diagnose({ result: raced({ ECONNRESET: 1 }, [1200]), strategy: H1, target: { speaksH2: true, keepAliveTimeoutMs: null } }).find((x) => x.rule === 'keepalive-race');
    expect(v?.severity).toBe('warn');
    expect(v?.message).toMatch(/the server closes no idle connection: not the keep-alive race/);
    expect(v?.fix).toBe('');
  });
});

describe('refused-streams after a GOAWAY', () => {
  it('refused streams on a connection that got GOAWAY are the GOAWAY race, not a stream limit', () => {
    const r = withConnections(
      { ...counts(2), refusedStreams: 3, remoteMaxConcurrentStreams: 2 ** 32 - 1, goaways: 1, goawayCodes: { NO_ERROR: 1 } },
      { requests: { total: 50, ok: 47, failed: 3, errors: { ERR_HTTP2_STREAM_ERROR: 3 } } },
    );
    const v = verdictOf(r, 'refused-streams');
    expect(v.severity).toBe('fail');
    expect(v.message).toMatch(/on connections the server had sent GOAWAY on/);
    const retried = withConnections({ ...counts(2), refusedStreams: 3, remoteMaxConcurrentStreams: null, goaways: 1, goawayCodes: { NO_ERROR: 1 } });
    expect(verdictOf(retried, 'refused-streams').severity).toBe('warn');
  });
});

describe('connection-per-request when the server closes connections on purpose', () => {
  it('warm connections the server forced are ok, and say why', () => {
    const r = withConnections({ ...counts(6), cold: counts(1), warm: counts(5) });
    expect(severity(r, 'connection-per-request')).toBe('fail');
    const v = diagnose({ result: r, strategy: ONE, target: { speaksH2: true, serverCloses: '--server-close-after 3' } }).find((x) => x.rule === 'connection-per-request');
    expect(v?.severity).toBe('ok');
    expect(v?.message).toMatch(/the server closes connections on purpose \(--server-close-after 3\)$/);
  });
});
