/**
 * A scenario with its own round trip (seed-rtt20) in a run with plain scenarios: only its
 * cases go through a relay, and they pay the round trips; counts stay exact (ledger =
 * server = relay). Lower bounds only: a delay is a floor, never a ceiling.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, Results } from '../../results.js';
import { runOnce } from '../../run/run-once.js';
import { findStrategy } from '../../strategies/registry.js';
import type { Strategy } from '../../strategies/types.js';
import { effectiveScenario, findScenario, type Scenario } from '../../workload/scenarios.js';
import { expectCountsMatchServer } from '../../../test/support/counts.js';
import { MISCONFIGURED } from '../../../test/support/measure.js';
import { sessionPerCallAsOne } from '../../../test/support/misconfigured-clients.js';
import { startLocalTarget, type LocalTarget } from '../local.js';
import { withRelay } from './relay-target.js';
import { scenarioRelays } from './scenario-relay.js';

const seed = effectiveScenario(findScenario('seed') as Scenario, true);
const seedRtt = effectiveScenario(findScenario('seed-rtt20') as Scenario, true);
const RTT = seedRtt.rttMs ?? 0;
const IDS = ['http2-single-session', 'http2-session-per-request'];
// A one-connection client that opens a session per call: its connection-per-request verdict quotes what that costs.
const chosen = [...IDS.map((id) => ({ strategy: findStrategy(id) as Strategy })), { strategy: sessionPerCallAsOne, file: MISCONFIGURED }];

function runOf(results: Results, scenario: string, id: string): CaseResult {
  const run = results.runs.find((r) => r.scenario === scenario && r.strategy === id);
  if (!run) throw new Error(`no run of ${scenario}/${id}`);
  expect(run.status, `${scenario}/${id}: ${run.error?.message ?? ''}`).toBe('ok');
  expect(run.requests.failed, `${scenario}/${id}: ${JSON.stringify(run.requests.errors)}`).toBe(0);
  return run;
}

describe('a scenario with its own RTT (seed-rtt20) beside a plain one, in one run', () => {
  let target: LocalTarget;
  let results: Results;

  beforeAll(async () => {
    target = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
    results = await runOnce(target, [seed, seedRtt], chosen);
  }, 120_000);
  afterAll(async () => {
    await target?.close();
  });

  it('seed-rtt20 is the seed at a 20 ms round trip', () => {
    expect(RTT).toBe(20);
    expect(seedRtt.delaysMs).toEqual(seed.delaysMs);
    expect(seedRtt.concurrency).toBe(seed.concurrency);
    expect(results.target.rttMs).toBeUndefined();
  });

  it('http2-session-per-request at its RTT: every request ≥ 3 RTT (TCP, TLS 1.3, request), cold and warm', () => {
    const run = runOf(results, 'seed-rtt20', 'http2-session-per-request');
    expect(run.coldLatencyMs.min).toBeGreaterThanOrEqual(3 * RTT);
    expect(run.latencyMs.min).toBeGreaterThanOrEqual(3 * RTT);
  });

  it('http2-single-session at its RTT: cold ≥ 3 RTT, warm ≥ 1 RTT', () => {
    const run = runOf(results, 'seed-rtt20', 'http2-single-session');
    expect(run.connections.opened).toBe(1);
    expect(run.coldLatencyMs.min).toBeGreaterThanOrEqual(3 * RTT);
    expect(run.latencyMs.min).toBeGreaterThanOrEqual(RTT);
  });

  it("only seed-rtt20's cases went through a relay; counts: ledger = server = relay", () => {
    for (const id of IDS) {
      const relayed = runOf(results, 'seed-rtt20', id);
      expectCountsMatchServer(relayed, 'local');
      expect(relayed.connections.relayAccepted, `${id}: relay's own count`).toBe(relayed.connections.serverAccepted);
      expect(relayed.connections.relayAccepted, `${id}: relay's own count`).toBe(relayed.connections.opened);
      const plain = runOf(results, 'seed', id);
      expectCountsMatchServer(plain, 'local');
      expect(plain.connections.relayAccepted, `${id}: the plain seed had no relay`).toBeUndefined();
    }
  });

  it("verdicts of seed-rtt20's cases quote their cost at its round trip; the loopback seed's at seed-rtt20's, named", () => {
    const quoted = (scenario: string): string => runOf(results, scenario, sessionPerCallAsOne.id).verdicts.find((v) => v.rule === 'connection-per-request' && v.severity !== 'ok')?.message ?? '';
    expect(quoted('seed-rtt20')).toMatch(/\(cost: \d+ handshake round trips, [\d.]+ ms at RTT 20 ms\)$/);
    expect(quoted('seed')).toMatch(/\(cost: \d+ handshake round trips, [\d.]+ ms at seed-rtt20's RTT of 20 ms\)$/);
  });

  it('the run stopped its relay and left the target up', async () => {
    await target.resetCounters();
    expect(await target.readCounters()).not.toBeNull();
  });
});

describe('a scenario with its own RTT in a run that has --rtt', () => {
  let plain: LocalTarget;
  beforeAll(async () => {
    plain = await startLocalTarget({ certsDir: mkdtempSync(path.join(os.tmpdir(), 'muxbench-certs-')) });
  }, 60_000);
  afterAll(async () => {
    await plain?.close();
  });

  it('runs on the run relay when the round trips match, and is skipped with a reason when they differ', async () => {
    const relayed = await withRelay({ ...plain, close: async () => {} }, { rttMs: 50, jitterMs: 0 });
    const relays = scenarioRelays(relayed);
    try {
      const same = await relays.targetFor({ ...seedRtt, rttMs: 50 });
      expect(same.kind === 'target' && same.target === relayed).toBe(true);
      const other = await relays.targetFor(seedRtt);
      expect(other.kind).toBe('skip');
      if (other.kind === 'skip') expect(other.reason).toMatch(/RTT 20 ms.*--rtt 50/);
      const loopback = await relays.targetFor(seed);
      expect(loopback.kind === 'target' && loopback.target === relayed).toBe(true);
    } finally {
      await relays.close();
      await relayed.close();
    }
  });
});
