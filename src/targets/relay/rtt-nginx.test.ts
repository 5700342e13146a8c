/**
 * --rtt in front of a real nginx: the relay sits between the clients and nginx's TLS
 * port, so nginx's own counts (stub_status, access log), the relay's and the client's
 * ledger agree, and a new connection still pays its three round trips.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioInfo } from '../../results.js';
import { runCases, runOf, toolAvailable } from '../../../test/support/real-target.js';
import { expectCountsMatchServer } from '../../../test/support/counts.js';
import { findNginx } from '../nginx/process.js';
import { startTarget } from '../start.js';

const RTT = 100;
const hasNginx = toolAvailable('nginx', findNginx() !== undefined);
const scenario: ScenarioInfo = {
  id: 'seed',
  description: '3 concurrent pings, no server delay',
  concurrency: 3,
  delaysMs: [0, 0, 0],
  rounds: { warmup: 0, min: 2, maxTimeMs: 1 },
};

describe.skipIf(!hasNginx)(`--target nginx --rtt ${RTT}`, () => {
  it('counts: ledger = nginx = relay; a new connection ≥ 3 RTT', async () => {
    const target = await startTarget({ kind: 'nginx', mtls: false, h2c: false, network: { rttMs: RTT, jitterMs: 0 } });
    try {
      const results = await runCases(target, ['http2-single-session', 'http2-session-per-request'], scenario);
      expect(results.target.rttMs).toBe(RTT);
      for (const id of ['http2-single-session', 'http2-session-per-request']) {
        const run = runOf(results, id);
        expect(run.status, `${id}: ${run.error?.message ?? ''}`).toBe('ok');
        expect(run.requests.failed, id).toBe(0);
        expectCountsMatchServer(run, 'nginx');
        expect(run.connections.relayAccepted, `${id}: relay = nginx stub_status`).toBe(run.connections.serverAccepted);
      }
      const perRequest = runOf(results, 'http2-session-per-request');
      expect(perRequest.latencyMs.min).toBeGreaterThanOrEqual(3 * RTT);
      expect(runOf(results, 'http2-single-session').latencyMs.min).toBeGreaterThanOrEqual(RTT);
    } finally {
      await target.close();
    }
  }, 120_000);
});
