/**
 * --rtt: the relay between every client and the server gives each exchange a real round
 * trip, and changes no count. Lower bounds only (a delay is a floor, never a ceiling):
 * a new TLS 1.3 connection pays TCP (1 RTT), TLS (1 RTT) and the request (1 RTT) before
 * its first response; a request on a warm connection pays 1 RTT. Counts are held to the
 * server's own, to the relay's own, and to the same run without the relay.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, Results, ScenarioInfo } from '../../results.js';
import { runOnce } from '../../run/run-once.js';
import { findStrategy } from '../../strategies/registry.js';
import type { Strategy } from '../../strategies/types.js';
import { expectCountsMatchServer } from '../../../test/support/counts.js';
import { startLocalTarget, type LocalTarget } from '../local.js';
import type { Target } from '../types.js';
import { withRelay } from './relay-target.js';

// Long enough that a relay which forgot a round trip falls short of the floor even on a loaded machine.
const RTT = 100;
const C = 3;
// No server delay: what the requests wait for is the network alone.
const scenario: ScenarioInfo = {
  id: 'seed',
  description: `${C} concurrent pings, no server delay`,
  concurrency: C,
  delaysMs: Array.from({ length: C }, () => 0),
  rounds: { warmup: 0, min: 3, maxTimeMs: 1 },
};
const IDS = ['http2-single-session', 'http2-session-per-request', 'undici-h2-single', 'https-keepalive'];
const chosen = IDS.map((id) => ({ strategy: findStrategy(id) as Strategy }));

function runOf(results: Results, id: string): CaseResult {
  const run = results.runs.find((r) => r.strategy === id);
  if (!run) throw new Error(`no run of ${id}`);
  expect(run.status, `${id}: ${run.error?.message ?? ''}`).toBe('ok');
  expect(run.requests.failed, `${id}: ${JSON.stringify(run.requests.errors)}`).toBe(0);
  return run;
}

describe(`--rtt ${RTT}: the relay's round trips, and counts unchanged`, () => {
  let plain: LocalTarget;
  let relayed: Target;
  let withRtt: Results;
  let without: Results;

  beforeAll(async () => {
    plain = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
    relayed = await withRelay(plain, { rttMs: RTT, jitterMs: 0 });
    withRtt = await runOnce(relayed, scenario, chosen);
    without = await runOnce(plain, scenario, chosen);
  }, 120_000);
  afterAll(async () => {
    await relayed?.close();
  });

  it('the origin is the relay, on loopback, with the same host name (the certificate still matches)', () => {
    expect(relayed.origin.hostname).toBe(plain.origin.hostname);
    expect(relayed.origin.port).not.toBe(plain.origin.port);
    expect(withRtt.target.rttMs).toBe(RTT);
    expect(withRtt.target.rttJitterMs).toBe(0);
    expect(without.target.rttMs).toBeUndefined();
  });

  it('a one-connection strategy: every cold request ≥ 3 RTT (TCP, TLS 1.3, request), every warm one ≥ 1 RTT', () => {
    for (const id of ['http2-single-session', 'undici-h2-single']) {
      const run = runOf(withRtt, id);
      expect(run.connections.opened, id).toBe(1);
      expect(run.coldLatencyMs.min, `${id} cold`).toBeGreaterThanOrEqual(3 * RTT);
      expect(run.latencyMs.min, `${id} warm`).toBeGreaterThanOrEqual(RTT);
    }
  });

  it('http2-session-per-request: every request ≥ 3 RTT, cold and warm', () => {
    const run = runOf(withRtt, 'http2-session-per-request');
    expect(run.coldLatencyMs.min).toBeGreaterThanOrEqual(3 * RTT);
    expect(run.latencyMs.min).toBeGreaterThanOrEqual(3 * RTT);
  });

  it('counts: the ledger = the server = the relay, and = the run without the relay', () => {
    for (const id of IDS) {
      const run = runOf(withRtt, id);
      const base = runOf(without, id);
      expectCountsMatchServer(run, 'local');
      expect(run.connections.relayAccepted, `${id}: relay's own count`).toBe(run.connections.serverAccepted);
      expect(run.connections.relayAccepted, `${id}: relay's own count`).toBe(run.connections.opened);
      expect(base.connections.relayAccepted, `${id}: no relay, no relay count`).toBeUndefined();
      expect(run.requests.total, id).toBe(base.requests.total);
      const counts = (r: CaseResult): unknown => ({
        cold: r.connections.cold.opened,
        tlsFull: r.connections.tlsFull,
        tlsResumed: r.connections.tlsResumed,
        alpn: r.connections.alpn,
        peak: r.connections.maxConcurrentStreams,
      });
      // https-keepalive opens as many sockets as requests overlap, which the round trip can change only upward; the rest are fixed.
      if (id !== 'https-keepalive') expect(counts(run), `${id}: with --rtt = without`).toEqual(counts(base));
      expect(run.connections.opened, `${id}: with --rtt = without`).toBe(base.connections.opened);
    }
  });
});
