import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import { compareResults } from './compare.js';
import { renderCompareText } from './render-text.js';

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
});
