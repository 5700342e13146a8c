/**
 * idle-connections-kept at its boundaries, on hand-written lifetime counts (the server's
 * count of a real run is in run/lifetime.test.ts): no connection left open is ok; one
 * left open after the last gap warns; origins × concurrency left open fails (a pool that
 * grows with every origin); a case of another scenario is ok without a claim about idling.
 */
import { describe, expect, it } from 'vitest';
import type { CaseResult, LifetimeResult } from '../results.js';
import { C, POOL, base, verdictOf } from '../../test/support/rule-case.js';

const RULE = 'idle-connections-kept';

function life(openAtEnd: number[], closedByClient = 0): LifetimeResult {
  const total = openAtEnd.reduce((a, b) => a + b, 0);
  return {
    origins: openAtEnd.length,
    gapsMs: [500, 6000],
    opened: total + closedByClient,
    openOverTime: [],
    peakOpen: total + closedByClient,
    closedByClient,
    closedByClientIdleMs: Array.from({ length: closedByClient }, () => 4000),
    closedByServer: 0,
    openAtEnd: total,
    openAtEndMinIdleMs: total > 0 ? 6001 : null,
    perOrigin: openAtEnd.map((n, origin) => ({ origin, opened: n, peakOpen: n, closedByClient: 0, closedByServer: 0, openAtEnd: n })),
  };
}

const withLife = (l: LifetimeResult) => ({ ...base(), scenario: 'lifetime', lifetime: l });

describe('idle-connections-kept', () => {
  it('another scenario: ok, and says why nothing is claimed', () => {
    const v = verdictOf(base(), RULE);
    expect(v).toMatchObject({ severity: 'ok', message: 'only the lifetime scenario idles long enough to tell', fix: '' });
  });

  it('every idle connection closed by the client: ok', () => {
    const v = verdictOf(withLife(life([0, 0, 0], 3)), RULE);
    expect(v).toMatchObject({ severity: 'ok', message: 'no connection was still open after the last 6000 ms gap; the client closed 3 idle connections itself' });
  });

  it('one connection left open: warn, with a fix naming the option', () => {
    const v = verdictOf(withLife(life([1, 0, 0])), RULE);
    expect(v.severity).toBe('warn');
    expect(v.message).toBe('1 connection still open at the end (per origin: 1, 0, 0), each idle 6001 ms or more: the client closed none of them');
    expect(v.fix).toContain('session.setTimeout(3001, () => session.close())');
  });

  it('origins × concurrency - 1 left open: warn; origins × concurrency: fail (the pool grows with every origin)', () => {
    expect(verdictOf(withLife(life([C, C, C - 1])), RULE, POOL).severity).toBe('warn');
    const v = verdictOf(withLife(life([C, C, C])), RULE, POOL);
    expect(v.severity).toBe('fail');
    expect(v.message).toContain(`${3 * C} ≥ 3 origins × ${C} concurrent requests: the pool grows with every origin instead of being bounded`);
  });

  it('one origin holding concurrency connections: warn, not the per-origin growth', () => {
    expect(verdictOf(withLife(life([C])), RULE, POOL).severity).toBe('warn');
  });

  it('fixes name each library\'s real options', () => {
    const fix = (library: string): string => verdictOf(withLife(life([C, C, C])), RULE, { ...POOL, library }).fix;
    expect(fix('undici')).toMatch(/keepAliveTimeout: 3001 .*connections: 1 .*maxOrigins/);
    expect(fix('node:https')).toMatch(/timeout: 3001, maxFreeSockets: 1 .*maxTotalSockets/);
    expect(fix('axios')).toContain('http2Options.sessionTimeout');
    expect(fix('@smithy/node-http-handler')).toContain('sessionTimeout: 3001');
    expect(fix('@grpc/grpc-js')).toContain("'grpc.client_idle_timeout_ms'");
  });
});

describe('connection rules in a lifetime case count one connection per origin', () => {
  const cold = (n: number, origins: number): CaseResult => {
    const b = base();
    const c = { opened: n, tlsFull: n, tlsResumed: 0, alpn: { h2: n } };
    return { ...b, scenario: 'lifetime', connections: { ...b.connections, ...c, cold: c, requestsPerConnection: Array.from({ length: n }, () => 1) }, lifetime: life(Array.from({ length: origins }, () => 1)) };
  };

  it('one-connection: one per origin is ok, one more fails', () => {
    expect(verdictOf(cold(3, 3), 'cold-burst-fan-out')).toMatchObject({
      severity: 'ok',
      message: `${C} concurrent requests to each of 3 origins opened 3 connections on the cold round (3 full TLS handshakes); up to 3 are needed (one per origin)`,
    });
    expect(verdictOf(cold(4, 3), 'cold-burst-fan-out').message).toBe(
      `${C} concurrent requests to each of 3 origins opened 4 connections on the cold round (4 full TLS handshakes); one-connection expects 3 (one per origin)`,
    );
  });

  it('pool: up to origins × concurrency is ok, one more warns', () => {
    expect(verdictOf(cold(3 * C, 3), 'cold-burst-fan-out', POOL).severity).toBe('ok');
    expect(verdictOf(cold(3 * C + 1, 3), 'cold-burst-fan-out', POOL).severity).toBe('warn');
  });
});
