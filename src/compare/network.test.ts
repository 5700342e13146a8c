import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { compareResults } from './compare.js';
import { renderCompareText } from '../report/compare-text.js';

describe('compare: a different --rtt is a different setup', () => {
  it('says so in one line, both ways, and says nothing when the round trips match', () => {
    const loopback = fixtureResults();
    const relayed = fixtureResults();
    relayed.target.rttMs = 20;
    relayed.target.rttJitterMs = 0;
    const c = compareResults(loopback, relayed);
    expect(c.setupDifferences).toEqual([expect.stringMatching(/^network: loopback \(no --rtt\) → RTT 20 ms: a different round trip is a different setup/)]);
    expect(renderCompareText(c)).toContain('network: loopback (no --rtt) → RTT 20 ms');
    const jittered = fixtureResults();
    jittered.target.rttMs = 20;
    jittered.target.rttJitterMs = 4;
    expect(compareResults(jittered, relayed).setupDifferences).toEqual([expect.stringMatching(/^network: RTT 20 ms \+0…4 ms jitter → RTT 20 ms:/)]);
    expect(compareResults(relayed, structuredClone(relayed)).setupDifferences).toEqual([]);
  });

  it('a different --bandwidth at the same round trip is a different setup too', () => {
    const relayed = fixtureResults();
    relayed.target.rttMs = 20;
    relayed.target.rttJitterMs = 0;
    const capped = structuredClone(relayed);
    capped.target.bandwidthMbps = 10;
    expect(compareResults(relayed, capped).setupDifferences).toEqual(['network: RTT 20 ms → RTT 20 ms, 10 Mbit/s: a different bandwidth cap is a different setup, so latency and throughput differ by design']);
    expect(compareResults(capped, structuredClone(capped)).setupDifferences).toEqual([]);
  });
});

describe('compare: a scenario with its own round trip (seed-rtt20)', () => {
  it('a different RTT of the same scenario is a different setup for that scenario only', () => {
    const base = fixtureResults();
    const next = fixtureResults();
    const id = next.scenarios[0]!.id;
    next.scenarios[0]!.rttMs = 20;
    expect(compareResults(base, next).setupDifferences).toEqual([`${id}: the run's network → RTT 20 ms`]);
    const slower = structuredClone(next);
    slower.scenarios[0]!.rttMs = 50;
    expect(compareResults(next, slower).setupDifferences).toEqual([`${id}: RTT 20 ms → RTT 50 ms`]);
    expect(compareResults(next, structuredClone(next)).setupDifferences).toEqual([]);
  });
});
