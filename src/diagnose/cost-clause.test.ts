/** The verdicts quote what the extra connections cost, when the run knows it (--rtt, the calibration). */
import { describe, expect, it } from 'vitest';
import type { Results } from '../results.js';
import { diagnose } from './registry.js';
import { atScenarioRtt, targetFacts } from './target-facts.js';
import { ONE, POOL, counts, withConnections } from '../../test/support/rule-case.js';

const target = (rttMs?: number, fullMs?: number): Results['target'] => ({
  kind: 'local',
  origin: 'https://127.0.0.1:1/',
  mtls: false,
  ...(rttMs !== undefined ? { rttMs } : {}),
  ...(fullMs !== undefined
    ? {
        costs: {
          handshakes: 40,
          fullHandshakeCpuNs: fullMs * 1e6,
          resumedHandshakeCpuNs: (fullMs / 2) * 1e6,
          resumedHandshakes: 40,
          idleConnections: 100,
          serverRssPerConnectionBytes: 1,
          serverHeapPerConnectionBytes: 1,
          clientRssPerConnectionBytes: 1,
          clientHeapPerConnectionBytes: 1,
        },
      }
    : {}),
});

describe('cost clauses in the verdicts', () => {
  const fanned = withConnections({ ...counts(3), cold: counts(3), requestsPerConnection: [20, 20, 10] });
  const message = (t: Results['target'], rule: string, result = fanned, strategy = ONE): string =>
    diagnose({ result, strategy, target: targetFacts('local', [result], undefined, t) }).find((v) => v.rule === rule)?.message ?? '';

  it("a loopback case of a run with an RTT scenario quotes that scenario's round trip, named; under --rtt its own", () => {
    const seed = { id: 'seed', description: '', concurrency: 3, delaysMs: [5, 10, 15], rounds: { warmup: 0, min: 1, maxTimeMs: 1 } };
    const rtt = { ...seed, id: 'seed-rtt20', rttMs: 20 };
    const at = (facts: ReturnType<typeof targetFacts>, scenario: typeof seed): string =>
      diagnose({ result: fanned, strategy: ONE, target: atScenarioRtt(facts, scenario, [seed, rtt]) }).find((v) => v.rule === 'cold-burst-fan-out')?.message ?? '';
    const loopback = targetFacts('local', [fanned], undefined, target(undefined, 2));
    expect(at(loopback, seed)).toMatch(/\(cost: 4 handshake round trips, 80\.0 ms at seed-rtt20's RTT of 20 ms; 4\.0 ms of server CPU\)$/);
    expect(at(loopback, rtt)).toMatch(/\(cost: 4 handshake round trips, 80\.0 ms at RTT 20 ms; 4\.0 ms of server CPU\)$/);
    // A run with --rtt: every scenario already has its round trip.
    expect(at(targetFacts('local', [fanned], undefined, target(50, 2)), seed)).toMatch(/\(cost: 4 handshake round trips, 200 ms at RTT 50 ms; 4\.0 ms of server CPU\)$/);
    expect(diagnose({ result: fanned, strategy: ONE, target: atScenarioRtt(loopback, seed, [seed]) }).find((v) => v.rule === 'cold-burst-fan-out')?.message).not.toContain('RTT');
  });

  it('cold-burst fan-out: the 2 extra connections → 4 handshake round trips at the RTT and their server CPU', () => {
    expect(message(target(20, 2), 'cold-burst-fan-out')).toMatch(/\(cost: 4 handshake round trips, 80\.0 ms at RTT 20 ms; 4\.0 ms of server CPU\)$/);
    expect(message(target(undefined, 2), 'cold-burst-fan-out')).toMatch(/\(cost: 4\.0 ms of server CPU\)$/);
    expect(message(target(), 'cold-burst-fan-out')).not.toContain('cost:');
  });

  it('unused connections and warm connections quote theirs too', () => {
    const unused = withConnections({ ...counts(2), cold: counts(2), requestsPerConnection: [50, 0], unused: 1 });
    expect(message(target(20, 2), 'unused-connection', unused, POOL)).toMatch(/\(cost: 2 handshake round trips, 40\.0 ms at RTT 20 ms; 2\.0 ms of server CPU\)$/);
    const warm = withConnections({ ...counts(4, 'h2', 3), warm: counts(3, 'h2', 3), requestsPerConnection: [20, 10, 10, 10] });
    expect(message(target(10, 2), 'connection-per-request', warm)).toMatch(/\(cost: 6 handshake round trips, 60\.0 ms at RTT 10 ms; 3\.0 ms of server CPU\)$/);
  });
});
