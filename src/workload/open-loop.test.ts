import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionLedger } from '../ledger/ledger.js';
import { installTap } from '../ledger/tap.js';
import { http2SingleSession } from '../strategies/http2-single-session.js';
import { startLocalTarget } from '../targets/local.js';
import type { Target } from '../targets/types.js';
import { runOpenLoop } from './open-loop.js';

describe('runOpenLoop against a slow server', () => {
  let target: Target;
  beforeAll(async () => {
    target = await startLocalTarget();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('measures from the intended send time: corrected latency above uncorrected when the rate exceeds capacity', async () => {
    await target.resetCounters();
    const ledger = new ConnectionLedger();
    const tap = installTap(ledger);
    const client = await http2SingleSession.open({ origin: target.origin, tls: target.tls, concurrency: 2, ledger });
    try {
      // Capacity: 2 in flight × (1 / 50 ms) = 40 req/s; arrivals at 100 req/s for 1 s.
      const outcome = await runOpenLoop({
        client,
        ledger,
        pathFor: (delay) => target.pathFor(delay),
        delaysMs: [50],
        rateRps: 100,
        durationMs: 1000,
        maxInFlight: 2,
        requestTimeoutMs: 10_000,
        drainLimitMs: 30_000,
      });
      expect(outcome.scheduled).toBe(100);
      // The backlog (at most 100) never fills with 100 arrivals: nothing dropped, all sent.
      expect(outcome.dropped).toBe(0);
      expect(outcome.sent).toBe(100);
      expect(outcome.requests).toEqual({ total: 100, ok: 100, failed: 0, errors: {} });
      expect(outcome.corrected.count).toBe(100);
      expect(outcome.uncorrected.count).toBe(100);
      // Arrivals outran the server, so most requests waited in the backlog.
      expect(outcome.late).toBeGreaterThan(0);
      const corrected = outcome.corrected.summary();
      const uncorrected = outcome.uncorrected.summary();
      expect(uncorrected.p50).toBeGreaterThanOrEqual(50); // the server's delay is a floor
      expect(corrected.p50).toBeGreaterThan(uncorrected.p50);
      expect(corrected.p99).toBeGreaterThan(uncorrected.p99);
      expect(corrected.max).toBeGreaterThan(uncorrected.max);
      // The server's own count agrees: 100 h2 requests on one connection, at most 2 at once.
      const server = await target.readCounters();
      expect(server?.requestsByProtocol).toEqual({ h2: 100 });
      expect(server?.accepted).toBe(1);
      expect(server?.maxConcurrentStreams).toBe(2);
      expect(ledger.summary().opened).toBe(1);
    } finally {
      await client.close();
      tap.uninstall();
    }
  });

  it('drops arrivals beyond the backlog and counts them', async () => {
    await target.resetCounters();
    const ledger = new ConnectionLedger();
    const tap = installTap(ledger);
    const client = await http2SingleSession.open({ origin: target.origin, tls: target.tls, concurrency: 1, ledger });
    try {
      // 40 arrivals in 200 ms, 1 in flight at 100 ms each, a backlog of 3: almost all dropped.
      const outcome = await runOpenLoop({
        client,
        pathFor: (delay) => target.pathFor(delay),
        delaysMs: [100],
        rateRps: 200,
        durationMs: 200,
        maxInFlight: 1,
        maxBacklog: 3,
        requestTimeoutMs: 10_000,
        drainLimitMs: 30_000,
      });
      expect(outcome.scheduled).toBe(40);
      expect(outcome.sent + outcome.dropped).toBe(40);
      expect(outcome.dropped).toBeGreaterThan(0);
      const server = await target.readCounters();
      expect(server?.requestsByProtocol).toEqual({ h2: outcome.sent });
      expect(outcome.requests.ok).toBe(outcome.sent);
    } finally {
      await client.close();
      tap.uninstall();
    }
  });
});

describe('runOpenLoop with a client whose ping throws', () => {
  it('counts every request as failed by its code and keeps the message, instead of stopping', async () => {
    // As axios does with `baseURL: ctx.origin` (a URL object): it throws before any socket.
    const client = {
      ping(): Promise<void> {
        throw new TypeError('open-loop-planted: baseURL.slice is not a function');
      },
      close: async (): Promise<void> => {},
    };
    const outcome = await runOpenLoop({ client, pathFor: () => '/', delaysMs: [0], rateRps: 200, durationMs: 100, maxInFlight: 2, requestTimeoutMs: 1000 });
    expect(outcome.requests).toEqual({ total: 20, ok: 0, failed: 20, errors: { TypeError: 20 } });
    expect(outcome.errors.details()).toEqual({ TypeError: { count: 20, messages: ['open-loop-planted: baseURL.slice is not a function'] } });
  });
});
